package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.errors.ProblemException;

/**
 * No secret is configured, so no delivery can be verified. A server-side gap, not the sender's
 * fault, hence 503 rather than 401; there is no Retry-After because only an operator can fix it.
 */
public class WebhookNotConfiguredException extends ProblemException {
    public WebhookNotConfiguredException() {
        super(503, "webhook-not-configured", "Webhook not configured",
                "This gateway has no GitHub webhook secret configured, so it refuses every delivery.");
    }
}
