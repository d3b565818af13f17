package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** Temporal did not answer a control that needs it; nothing was changed. */
public class WorkflowsUnavailableException extends ProblemException {
    public WorkflowsUnavailableException() {
        super(ProblemType.TEMPORAL_UNAVAILABLE,
                "Temporal did not answer, so the run's workflow could not be asked to stop. Nothing was changed;"
                        + " try again shortly.");
    }
}
