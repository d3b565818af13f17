package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;

public class ScheduleNotFoundException extends ProblemException {
    public ScheduleNotFoundException(String detail) {
        super(404, "schedule-not-found", "Schedule not found", detail);
    }
}
