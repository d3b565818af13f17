package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The raw body of a delivery whose signature verified, as it arrived, and the headers needed to
 * process it again. The signature header is not among them: a replay is trusted because the body
 * verified once, and the stored bytes are exactly those bytes.
 *
 * @param headers {@link #headersOf}'s JSON
 */
public record KeptBody(UUID deliveryLogId, Instant receivedAt, JsonNode headers, byte[] body) {

    static JsonNode headersOf(DeliveryHeaders headers) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("event", headers.event());
        json.put("deliveryId", headers.deliveryId());
        json.put("hookId", headers.hookId());
        json.put("installationTargetType", headers.installationTargetType());
        json.put("installationTargetId", headers.installationTargetId());
        json.put("contentType", headers.contentType());
        json.put("format", headers.format().name());
        return json;
    }

    /** The headers as the live delivery had them once verified (no signature: it is not checked again). */
    DeliveryHeaders deliveryHeaders() {
        return new DeliveryHeaders(text("event"), text("deliveryId"), text("hookId"), text("installationTargetType"),
                text("installationTargetId"), null, text("contentType"),
                DeliveryFormat.valueOf(headers.path("format").asText(DeliveryFormat.JSON.name())), body.length);
    }

    private String text(String field) {
        return headers.path(field).asText(null);
    }
}
