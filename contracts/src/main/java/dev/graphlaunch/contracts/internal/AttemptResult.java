package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;

/**
 * The outcome of one execution attempt.
 *
 * @param status {@link AttemptStatus#SUCCEEDED}, {@link AttemptStatus#FAILED} or
 *     {@link AttemptStatus#INTERRUPTED} or {@link AttemptStatus#DISCARDED}
 * @param errorCode an {@link ErrorCode}'s wire name. Text, not the enum: the worker passes it on
 *     without interpreting it, and histories recorded before the codes were typed must replay
 * @param output the attempt's output in histories recorded before 2026-11-29; the gateway now
 *     keeps it in {@code graph_run_attempts} and answers null, so no output crosses Temporal
 * @param retryable whether a new attempt may succeed (rate limits, timeouts, unavailable providers)
 */
public record AttemptResult(
        AttemptStatus status, JsonNode output, String errorCode, String errorMessage, boolean retryable) {

    public static AttemptResult succeeded(JsonNode output) {
        return new AttemptResult(AttemptStatus.SUCCEEDED, output, null, null, false);
    }

    public static AttemptResult failed(ErrorCode code, String message, boolean retryable) {
        return new AttemptResult(AttemptStatus.FAILED, null, code.wire(), message, retryable);
    }

    public boolean succeeded() {
        return status == AttemptStatus.SUCCEEDED;
    }
}
