package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** The delivery is not signed with any configured secret: nothing in it is trusted or acted on. */
public class InvalidSignatureException extends ProblemException {
    public InvalidSignatureException(String detail) {
        super(ProblemType.INVALID_SIGNATURE, detail);
    }
}
