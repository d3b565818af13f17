package dev.graphlaunch.gateway.auth;

import dev.graphlaunch.gateway.errors.ProblemException;

public class MissingScopeException extends ProblemException {
    public MissingScopeException(String detail) {
        super(403, "missing-scope", "Forbidden", detail);
    }
}
