package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;

/** Triggering a paused schedule would only produce a run the grant check skips. */
public class SchedulePausedException extends ProblemException {
    public SchedulePausedException(String scheduleId) {
        super(409, "schedule-paused", "Schedule is paused",
                "Schedule '" + scheduleId + "' is paused; unpause it before triggering it.");
    }
}
