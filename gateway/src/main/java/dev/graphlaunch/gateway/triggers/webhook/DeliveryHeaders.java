package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.validation.StorableText;
import java.util.function.UnaryOperator;

/**
 * The headers GitHub sends with a delivery. Until the signature verifies they are only claims, so
 * what is kept of them is cut to a sane length and made storable (see {@link StorableText}).
 */
public record DeliveryHeaders(
        String event,
        String deliveryId,
        String hookId,
        String installationTargetType,
        String installationTargetId,
        String signature,
        String contentType,
        DeliveryFormat format,
        long contentLength) {

    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String CONTENT_TYPE = "Content-Type";
    private static final int MAX_KEPT = 200;

    /**
     * @param header a request header by name, null when absent
     * @param format what the resource read from the Content-Type
     * @param contentLength the declared length, -1 when absent
     */
    public static DeliveryHeaders of(UnaryOperator<String> header, DeliveryFormat format, long contentLength) {
        return new DeliveryHeaders(
                kept(header.apply(EVENT)),
                kept(header.apply(DELIVERY)),
                kept(header.apply("X-GitHub-Hook-ID")),
                kept(header.apply("X-GitHub-Hook-Installation-Target-Type")),
                kept(header.apply("X-GitHub-Hook-Installation-Target-ID")),
                header.apply(SIGNATURE),
                header.apply(CONTENT_TYPE),
                format,
                contentLength);
    }

    /** @throws InvalidRequestException naming the missing header */
    void requireEventAndDelivery() {
        if (event == null) {
            throw new InvalidRequestException("The " + EVENT + " header is missing.");
        }
        if (deliveryId == null) {
            throw new InvalidRequestException("The " + DELIVERY + " header is missing.");
        }
    }

    @Override
    public String toString() {
        // The signature stays out of logs.
        return "DeliveryHeaders[event=" + event + ", deliveryId=" + deliveryId + ", hookId=" + hookId + "]";
    }

    private static String kept(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        // Made storable after the cut, which may split a surrogate pair.
        return StorableText.storable(trimmed.length() <= MAX_KEPT ? trimmed : trimmed.substring(0, MAX_KEPT));
    }
}
