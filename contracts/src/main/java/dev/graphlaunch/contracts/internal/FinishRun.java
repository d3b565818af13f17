package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;

/**
 * Moves a run to a final status: {@code succeeded}, {@code failed}, {@code skipped} or {@code cancelled}.
 *
 * @param errorCode an {@link ErrorCode}'s wire name, passed on as the attempt reported it
 */
public record FinishRun(RunStatus status, JsonNode output, String errorCode, String errorMessage) {

    public static FinishRun succeeded(JsonNode output) {
        return new FinishRun(RunStatus.SUCCEEDED, output, null, null);
    }

    public static FinishRun failed(String errorCode, String errorMessage) {
        return new FinishRun(RunStatus.FAILED, null, errorCode, errorMessage);
    }

    public static FinishRun skipped(ErrorCode code, String reason) {
        return new FinishRun(RunStatus.SKIPPED, null, code.wire(), reason);
    }

    public static FinishRun cancelled() {
        return new FinishRun(RunStatus.CANCELLED, null, null, null);
    }
}
