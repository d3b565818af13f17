package dev.graphlaunch.gateway.runs.control;

import dev.graphlaunch.gateway.errors.ProblemException;
import java.util.Map;

/** Temporal did not answer a control that needs it; nothing was changed. */
public class WorkflowsUnavailableException extends ProblemException {
    public WorkflowsUnavailableException() {
        super(503, "temporal-unavailable", "Temporal unavailable",
                "Temporal did not answer, so the run's workflow could not be asked to stop. Nothing was changed;"
                        + " try again shortly.");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "5");
    }
}
