package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import java.util.Map;

/** The delivery is not signed with any configured secret: nothing in it is trusted or acted on. */
public class InvalidSignatureException extends ProblemException {
    public InvalidSignatureException(String detail) {
        super(401, "invalid-signature", "Invalid signature", detail);
    }

    @Override
    public Map<String, String> headers() {
        // A 401 must name how to authenticate (RFC 9110 §11.6.1); GitHub's scheme has no registered name.
        return Map.of("WWW-Authenticate", "X-Hub-Signature-256 realm=\"github-webhook\"");
    }
}
