package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;

/**
 * Moves a run to a final status: {@code succeeded}, {@code failed}, {@code skipped} or {@code cancelled}.
 *
 * @param output the run's output as histories recorded before 2026-11-29 carry it; null from the
 *     lean workflow, whose finish names the attempt instead (the gateway already stored its output)
 * @param errorCode an {@link ErrorCode}'s wire name, passed on as the attempt reported it
 * @param attempt the attempt whose result this is; null for a run that never executed
 */
public record FinishRun(RunStatus status, JsonNode output, String errorCode, String errorMessage, Integer attempt) {

    /** Marked, so Jackson never picks the shorter constructor. */
    @JsonCreator
    public FinishRun {}

    /** The shape histories recorded before attempts were referenced by number. */
    public FinishRun(RunStatus status, JsonNode output, String errorCode, String errorMessage) {
        this(status, output, errorCode, errorMessage, null);
    }

    public static FinishRun succeeded(JsonNode output) {
        return new FinishRun(RunStatus.SUCCEEDED, output, null, null);
    }

    /** Succeeded with the output attempt {@code attempt} stored: no output travels through Temporal. */
    public static FinishRun succeededWith(int attempt) {
        return new FinishRun(RunStatus.SUCCEEDED, null, null, null, attempt);
    }

    public static FinishRun failed(String errorCode, String errorMessage) {
        return new FinishRun(RunStatus.FAILED, null, errorCode, errorMessage);
    }

    public static FinishRun failedAfter(int attempt, String errorCode, String errorMessage) {
        return new FinishRun(RunStatus.FAILED, null, errorCode, errorMessage, attempt);
    }

    public static FinishRun skipped(ErrorCode code, String reason) {
        return new FinishRun(RunStatus.SKIPPED, null, code.wire(), reason);
    }

    public static FinishRun cancelled() {
        return new FinishRun(RunStatus.CANCELLED, null, null, null);
    }
}
