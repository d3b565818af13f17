package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.errors.ProblemException;

public class IdempotencyKeyReusedException extends ProblemException {
    public IdempotencyKeyReusedException(String detail) {
        super(422, "idempotency-key-reused", "Idempotency key reused", detail);
    }
}
