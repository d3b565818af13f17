package dev.graphlaunch.gateway.triggers.webhook;

/**
 * How a delivery's body is encoded, as its Content-Type says. GitHub sends JSON or a form whose
 * {@code payload} field is the JSON; anything else is refused, but only once the signature verified.
 */
public enum DeliveryFormat {
    JSON,
    FORM,
    UNSUPPORTED
}
