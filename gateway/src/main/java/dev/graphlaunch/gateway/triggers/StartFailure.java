package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * What a failed workflow start means for its run (docs/operations.md, "Starts that fail", says
 * why each gRPC code is where it is).
 */
public enum StartFailure {
    /** This start can never succeed (Temporal refused the request itself, or its input is unreadable): give up now. */
    HOPELESS,
    /**
     * Temporal is not serving this gateway at all (down, overloaded, wrong namespace or credentials):
     * every start would fail alike, so the relay backs off and the try never counts against a run.
     */
    NOT_SERVING,
    /** Anything else: tried again with backoff until the run's tries or age run out. */
    RETRYABLE;

    public static StartFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return HOPELESS;
            }
            if (cause instanceof StatusRuntimeException grpc) {
                return of(grpc.getStatus().getCode());
            }
            if (isSdkDeadlinePassed(cause)) {
                return NOT_SERVING;
            }
        }
        return RETRYABLE;
    }

    /** ALREADY_EXISTS: this run's workflow exists, which is what the start was for. */
    public static boolean meansStarted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException grpc) {
                return grpc.getStatus().getCode() == Status.Code.ALREADY_EXISTS;
            }
        }
        return false;
    }

    /**
     * The SDK's retryer, when a call's deadline passed before Temporal answered at all (seen while
     * the server is down and several calls wait for the connection), fails building its retry
     * options instead of reporting DEADLINE_EXCEEDED.
     */
    private static boolean isSdkDeadlinePassed(Throwable cause) {
        return cause instanceof IllegalArgumentException
                && cause.getMessage() != null && cause.getMessage().startsWith("invalid expiration");
    }

    static StartFailure of(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> HOPELESS;
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED,
                    NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED -> NOT_SERVING;
            default -> RETRYABLE;
        };
    }
}
