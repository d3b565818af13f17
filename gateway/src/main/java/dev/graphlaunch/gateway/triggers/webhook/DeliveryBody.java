package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.http.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The raw bytes of a delivery, read under the webhook's own size limit, and the JSON inside them:
 * the body itself for {@code application/json}, the {@code payload} field for
 * {@code application/x-www-form-urlencoded}.
 */
final class DeliveryBody {
    private DeliveryBody() {}

    /** @throws PayloadTooLargeException before reading when Content-Length says so, else once more bytes arrive */
    static byte[] read(InputStream in, long contentLength, long maxBytes) {
        if (contentLength > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new PayloadTooLargeException(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the delivery body", e);
        }
    }

    /**
     * Call only after the signature verified: this is the first time the bytes are interpreted.
     *
     * @throws UnsupportedDeliveryTypeException for a content type GitHub does not send
     * @throws InvalidRequestException when the body is not the JSON (or form) it claims to be
     */
    static JsonNode parse(byte[] raw, DeliveryHeaders headers, ObjectMapper mapper) {
        String json = switch (headers.format()) {
            case JSON -> new String(raw, StandardCharsets.UTF_8);
            case FORM -> formPayload(new String(raw, StandardCharsets.US_ASCII));
            case UNSUPPORTED -> throw new UnsupportedDeliveryTypeException(headers.contentType());
        };
        try {
            JsonNode payload = mapper.readTree(json);
            if (payload == null || !payload.isObject()) {
                throw new InvalidRequestException("The delivery payload is not a JSON object.");
            }
            return payload;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The delivery payload is not valid JSON.");
        }
    }

    private static String formPayload(String form) {
        for (String field : form.split("&")) {
            if (field.startsWith("payload=")) {
                try {
                    return URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    throw new InvalidRequestException("The form field 'payload' is not correctly URL-encoded.");
                }
            }
        }
        throw new InvalidRequestException("The form-encoded delivery has no 'payload' field.");
    }
}
