package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;

public class UnsupportedDeliveryTypeException extends ProblemException {
    public UnsupportedDeliveryTypeException(String contentType) {
        super(415, "unsupported-media-type", "Unsupported media type", "Content type '" + contentType
                + "' is not a GitHub delivery; configure the hook with application/json or application/x-www-form-urlencoded.");
    }
}
