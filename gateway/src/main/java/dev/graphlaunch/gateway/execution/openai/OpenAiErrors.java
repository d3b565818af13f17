package dev.graphlaunch.gateway.execution.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import dev.graphlaunch.gateway.execution.UsageFact;
import java.util.List;

/** Maps an OpenAI-compatible error answer to the run's error codes (docs/errors.md). */
final class OpenAiErrors {
    private static final int MAX_MESSAGE = 300;

    private OpenAiErrors() {}

    static GraphExecutionException fromStatus(int status, String body, ObjectMapper mapper) {
        JsonNode error = errorObject(body, mapper);
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        if (status == 401 || status == 403) {
            // Never echo these: providers quote part of the rejected key in the message.
            return new GraphExecutionException(ErrorCode.PROVIDER_AUTH,
                    "the model provider refused the gateway's credentials (HTTP " + status + ")", false);
        }
        String message = describe(status, error);
        if (status == 402 || isQuota(code, type)) {
            return new GraphExecutionException(ErrorCode.INSUFFICIENT_CREDITS, message, false);
        }
        return switch (status) {
            case 404 -> new GraphExecutionException(ErrorCode.NOT_FOUND, message, false);
            case 408 -> new GraphExecutionException(ErrorCode.TIMEOUT, message, true);
            case 429 -> new GraphExecutionException(ErrorCode.RATE_LIMIT, message, true);
            default -> status >= 500
                    ? new GraphExecutionException(ErrorCode.PROVIDER_UNAVAILABLE, message, true)
                    : new GraphExecutionException(ErrorCode.INVALID_REQUEST, message, false);
        };
    }

    /** An {@code error} object inside a 200 stream: the provider gave up mid-answer. */
    static GraphExecutionException fromStreamError(JsonNode error, List<UsageFact> usage) {
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        String message = "the model provider failed mid-stream: " + truncate(error.path("message").asText(type));
        if (isQuota(code, type)) {
            return new GraphExecutionException(ErrorCode.INSUFFICIENT_CREDITS, message, false, usage);
        }
        boolean rateLimited = code.contains("rate_limit") || type.contains("rate_limit");
        return new GraphExecutionException(rateLimited ? ErrorCode.RATE_LIMIT : ErrorCode.PROVIDER_UNAVAILABLE,
                message, true, usage);
    }

    private static boolean isQuota(String code, String type) {
        return "insufficient_quota".equals(code) || "insufficient_quota".equals(type);
    }

    private static JsonNode errorObject(String body, ObjectMapper mapper) {
        try {
            return mapper.readTree(body).path("error");
        } catch (Exception notJson) {
            return mapper.createObjectNode().put("message", body);
        }
    }

    private static String describe(int status, JsonNode error) {
        String message = error.path("message").asText("");
        return "the model provider answered HTTP " + status + (message.isBlank() ? "" : ": " + truncate(message));
    }

    static String truncate(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
