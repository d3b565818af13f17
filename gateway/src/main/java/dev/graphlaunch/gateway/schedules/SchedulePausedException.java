package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** Triggering a paused schedule would only produce a run the grant check skips. */
public class SchedulePausedException extends ProblemException {
    public SchedulePausedException(String scheduleId) {
        super(ProblemType.SCHEDULE_PAUSED,
                "Schedule '" + scheduleId + "' is paused; unpause it before triggering it.");
    }
}
