package dev.graphlaunch.gateway.ratelimit;

/** Whether an idempotency key already has a run: such a request is a replay, which costs nothing. */
@FunctionalInterface
public interface KnownKeys {
    boolean hasRun(String tenantId, String idempotencyKey);
}
