package dev.graphlaunch.gateway.execution;

/** A graph failed in a way the run records: an {@link ErrorCodes error code} and whether to retry. */
public class GraphExecutionException extends RuntimeException {
    private final String errorCode;
    private final boolean retryable;

    public GraphExecutionException(String errorCode, String message, boolean retryable) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
