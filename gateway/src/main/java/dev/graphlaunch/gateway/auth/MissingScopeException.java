package dev.graphlaunch.gateway.auth;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class MissingScopeException extends ProblemException {
    public MissingScopeException(String detail) {
        super(ProblemType.MISSING_SCOPE, detail);
    }
}
