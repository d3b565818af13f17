package dev.graphlaunch.worker.gateway;

/**
 * Failure types the gateway client raises as non-retryable: retrying the same request cannot
 * change the answer, so Temporal should stop and let the workflow decide.
 */
public final class GatewayFailures {
    public static final String AUTH_REJECTED = "GatewayAuthRejected";
    public static final String RUN_NOT_FOUND = "RunNotFound";
    public static final String REJECTED = "GatewayRejected";

    private GatewayFailures() {}
}
