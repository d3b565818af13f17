package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class ScheduleNotFoundException extends ProblemException {
    public ScheduleNotFoundException(String detail) {
        super(ProblemType.SCHEDULE_NOT_FOUND, detail);
    }
}
