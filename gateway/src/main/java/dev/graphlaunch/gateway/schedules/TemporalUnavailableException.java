package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.ProblemException;
import java.util.Map;

public class TemporalUnavailableException extends ProblemException {
    public TemporalUnavailableException() {
        super(503, "temporal-unavailable", "Temporal unavailable",
                "Temporal did not answer; schedules cannot be read or changed right now.");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "5");
    }
}
