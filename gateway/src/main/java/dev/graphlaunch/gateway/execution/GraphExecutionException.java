package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.contracts.runs.ErrorCode;
import java.util.List;

/**
 * A graph failed in a way the run records: an {@link ErrorCode error code} and whether to retry.
 * It may carry the usage the provider consumed before failing (tokens streamed before the
 * connection broke): that is billed like a success's usage, because it was really spent.
 */
public class GraphExecutionException extends RuntimeException {
    private final ErrorCode errorCode;
    private final boolean retryable;
    private final List<UsageFact> usage;

    public GraphExecutionException(ErrorCode errorCode, String message, boolean retryable) {
        this(errorCode, message, retryable, List.of());
    }

    public GraphExecutionException(ErrorCode errorCode, String message, boolean retryable, List<UsageFact> usage) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
        this.usage = List.copyOf(usage);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return retryable;
    }

    public List<UsageFact> usage() {
        return usage;
    }
}
