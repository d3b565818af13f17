package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** The delivery verified, but its body is no longer (or was never) kept under the retention. */
public class DeliveryBodyGoneException extends ProblemException {
    public DeliveryBodyGoneException(String detail) {
        super(ProblemType.DELIVERY_BODY_GONE, detail);
    }
}
