package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class TemporalUnavailableException extends ProblemException {
    public TemporalUnavailableException() {
        super(ProblemType.TEMPORAL_UNAVAILABLE,
                "Temporal did not answer; schedules cannot be read or changed right now.");
    }
}
