package dev.graphlaunch.worker.gateway;

/**
 * The gateway could not answer (connection failure, timeout, 5xx). Deliberately a plain
 * exception: Temporal retries it under the activity's retry policy.
 */
public class GatewayUnavailableException extends RuntimeException {
    public GatewayUnavailableException(String message) {
        super(message);
    }

    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
