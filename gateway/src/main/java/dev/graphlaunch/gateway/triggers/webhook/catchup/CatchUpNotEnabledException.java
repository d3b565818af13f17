package dev.graphlaunch.gateway.triggers.webhook.catchup;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** There is no catch-up to scan with: off on this gateway, or not serving the caller's tenant. */
public class CatchUpNotEnabledException extends ProblemException {
    public CatchUpNotEnabledException() {
        super(ProblemType.NOT_FOUND, "GitHub catch-up is not enabled for this tenant on this gateway"
                + " (githubWebhook.catchUp, see docs/github-webhook.md#catch-up).");
    }
}
