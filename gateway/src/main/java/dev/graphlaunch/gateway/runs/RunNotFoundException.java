package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class RunNotFoundException extends ProblemException {
    public RunNotFoundException(String runId) {
        super(ProblemType.RUN_NOT_FOUND, "No run '" + runId + "' exists for this tenant.");
    }
}
