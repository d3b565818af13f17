package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/**
 * No secret is configured, so no delivery can be verified. A server-side gap, not the sender's
 * fault, hence 503 rather than 401; there is no Retry-After because only an operator can fix it.
 */
public class WebhookNotConfiguredException extends ProblemException {
    public WebhookNotConfiguredException() {
        super(ProblemType.WEBHOOK_NOT_CONFIGURED,
                "This gateway has no GitHub webhook secret configured, so it refuses every delivery.");
    }
}
