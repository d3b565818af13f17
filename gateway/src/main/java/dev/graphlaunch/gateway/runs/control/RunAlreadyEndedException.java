package dev.graphlaunch.gateway.runs.control;

import dev.graphlaunch.gateway.errors.ProblemException;

public class RunAlreadyEndedException extends ProblemException {
    public RunAlreadyEndedException(String runId, String status) {
        super(409, "run-already-ended", "Run already ended",
                "Run '" + runId + "' already ended '" + status + "'; there is nothing to cancel. Rerun it instead.");
    }
}
