package dev.graphlaunch.gateway.http;

import dev.graphlaunch.gateway.errors.ProblemException;

public class PayloadTooLargeException extends ProblemException {
    public PayloadTooLargeException(long limit) {
        super(413, "payload-too-large", "Payload too large", "Request bodies are limited to " + limit + " bytes.");
    }
}
