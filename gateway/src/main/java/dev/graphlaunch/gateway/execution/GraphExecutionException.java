package dev.graphlaunch.gateway.execution;

import java.util.List;

/**
 * A graph failed in a way the run records: an {@link ErrorCodes error code} and whether to retry.
 * It may carry the usage the provider consumed before failing (tokens streamed before the
 * connection broke): that is billed like a success's usage, because it was really spent.
 */
public class GraphExecutionException extends RuntimeException {
    private final String errorCode;
    private final boolean retryable;
    private final List<UsageFact> usage;

    public GraphExecutionException(String errorCode, String message, boolean retryable) {
        this(errorCode, message, retryable, List.of());
    }

    public GraphExecutionException(String errorCode, String message, boolean retryable, List<UsageFact> usage) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
        this.usage = List.copyOf(usage);
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }

    public List<UsageFact> usage() {
        return usage;
    }
}
