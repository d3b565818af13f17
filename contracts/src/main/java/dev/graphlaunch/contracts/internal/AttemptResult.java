package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one execution attempt.
 *
 * @param status {@code succeeded}, {@code failed}, or {@code interrupted} when an earlier call for
 *     the same attempt began and never finished (the gateway died mid-run): the workflow then
 *     raises the attempt instead of trusting a half-done one
 * @param retryable whether a new attempt may succeed (rate limits, timeouts, unavailable providers)
 */
public record AttemptResult(
        String status, JsonNode output, String errorCode, String errorMessage, boolean retryable) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
