package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class UnsupportedDeliveryTypeException extends ProblemException {
    public UnsupportedDeliveryTypeException(String contentType) {
        super(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content type '" + contentType
                + "' is not a GitHub delivery; configure the hook with application/json or application/x-www-form-urlencoded.");
    }
}
