package dev.graphlaunch.gateway.execution;

import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;

/**
 * {@code execution} in the gateway configuration: the gateway's own limits on one attempt (docs/execution.md).
 *
 * @param runTimeout how long one attempt may run before the gateway abandons it and records it
 *     failed with {@code timeout} (retryable); keep it equal to the worker's GATEWAY_RUN_TIMEOUT,
 *     whose activity timeouts are this plus a margin, so the gateway's verdict arrives first
 * @param maxOutputBytes the largest output (compact JSON, UTF-8) an attempt may produce; a larger
 *     one fails the attempt with {@code output_too_large}, not retried
 * @param endedRunCheck how often the gateway looks whether a run whose attempt executes here has
 *     ended by another path (cancelled, reconciled, ended through another replica), to stop the
 *     attempt instead of letting it run on, fenced, until it finishes or times out
 */
public record ExecutionConfig(Duration runTimeout, DataSize maxOutputBytes, Duration endedRunCheck) {
    public ExecutionConfig {
        runTimeout = runTimeout == null ? Duration.minutes(10) : runTimeout;
        maxOutputBytes = maxOutputBytes == null ? DataSize.mebibytes(1) : maxOutputBytes;
        endedRunCheck = endedRunCheck == null ? Duration.seconds(5) : endedRunCheck;
        if (endedRunCheck.toMilliseconds() <= 0) {
            throw new IllegalArgumentException("execution.endedRunCheck must be positive");
        }
        if (runTimeout.toMilliseconds() <= 0) {
            throw new IllegalArgumentException("execution.runTimeout must be positive");
        }
        if (maxOutputBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("execution.maxOutputBytes must be positive");
        }
    }

    public static ExecutionConfig defaults() {
        return new ExecutionConfig(null, null, null);
    }
}
