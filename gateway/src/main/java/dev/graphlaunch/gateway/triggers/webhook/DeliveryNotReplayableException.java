package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** A delivery whose body was never kept for a reason a retry cannot change. */
public class DeliveryNotReplayableException extends ProblemException {
    public DeliveryNotReplayableException(String detail) {
        super(ProblemType.DELIVERY_NOT_REPLAYABLE, detail);
    }
}
