package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class RunAlreadyEndedException extends ProblemException {
    public RunAlreadyEndedException(String runId, RunStatus status) {
        super(ProblemType.RUN_ALREADY_ENDED, "Run '" + runId + "' already ended '" + status.wire()
                + "'; there is nothing to cancel. Rerun it instead.");
    }
}
