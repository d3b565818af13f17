package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class IdempotencyKeyReusedException extends ProblemException {
    public IdempotencyKeyReusedException(String detail) {
        super(ProblemType.IDEMPOTENCY_KEY_REUSED, detail);
    }
}
