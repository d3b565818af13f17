package dev.graphlaunch.gateway.http;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

public class PayloadTooLargeException extends ProblemException {
    public PayloadTooLargeException(long limit) {
        super(ProblemType.PAYLOAD_TOO_LARGE, "Request bodies are limited to " + limit + " bytes.");
    }
}
