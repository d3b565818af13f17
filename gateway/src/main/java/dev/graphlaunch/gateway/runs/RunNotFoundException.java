package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.gateway.errors.ProblemException;

public class RunNotFoundException extends ProblemException {
    public RunNotFoundException(String runId) {
        super(404, "run-not-found", "Run not found", "No run '" + runId + "' exists for this tenant.");
    }
}
