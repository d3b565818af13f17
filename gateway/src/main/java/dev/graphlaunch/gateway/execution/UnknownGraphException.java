package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.gateway.errors.ProblemException;

public class UnknownGraphException extends ProblemException {
    public UnknownGraphException(String detail) {
        super(404, "unknown-graph", "Unknown graph", detail);
    }
}
