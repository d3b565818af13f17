package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class UnknownGraphException extends ProblemException {
    public UnknownGraphException(String detail) {
        super(ProblemType.UNKNOWN_GRAPH, detail);
    }
}
