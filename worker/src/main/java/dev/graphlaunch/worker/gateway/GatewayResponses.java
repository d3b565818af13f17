package dev.graphlaunch.worker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Maps the gateway's HTTP answers (JSON, or RFC 9457 problem+json on error) to results or failures. */
final class GatewayResponses {
    private static final int MAX_DETAIL_CHARS = 500;

    private GatewayResponses() {}

    static <T> T read(HttpResponse<String> response, ObjectMapper json, String call, Class<T> type) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response.body(), json, call, type);
        }
        String detail = call + " answered " + status + ": " + problemDetail(response.body(), json);
        if (status == 401 || status == 403) {
            throw ApplicationFailure.newNonRetryableFailure(detail, GatewayFailures.AUTH_REJECTED);
        }
        if (status == 404) {
            throw ApplicationFailure.newNonRetryableFailure(detail, GatewayFailures.RUN_NOT_FOUND);
        }
        // 408 and 429 say "not now" rather than "never": worth the retry policy's backoff.
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw ApplicationFailure.newNonRetryableFailure(detail, GatewayFailures.REJECTED);
        }
        throw new GatewayUnavailableException(detail);
    }

    private static <T> T parse(String body, ObjectMapper json, String call, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            // Most likely a gateway mid-deploy; retrying beats failing a run that may have executed.
            throw new GatewayUnavailableException(call + " answered unreadable " + type.getSimpleName(), e);
        }
    }

    private static String problemDetail(String body, ObjectMapper json) {
        try {
            JsonNode problem = json.readTree(body);
            for (String field : new String[] {"detail", "title", "message"}) {
                if (problem != null && problem.hasNonNull(field)) {
                    return truncate(problem.get(field).asText());
                }
            }
        } catch (IOException notJson) {
            // fall through: a proxy's HTML error page is still worth a glimpse
        }
        return truncate(body == null || body.isBlank() ? "(no body)" : body);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
