package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.gateway.grants.GrantPolicy;
import dev.graphlaunch.gateway.runs.GraphRun;

/**
 * A webhook run runs only while its route would still accept the delivery: a secret is configured
 * (or catch-up is on), the route still serves the run's tenant, and the repository is still
 * allowed. A run accepted
 * before an operator removed the secret or the repository is skipped rather than executed.
 */
public class WebhookGrantPolicy implements GrantPolicy {
    private final GitHubWebhookConfig config;
    private final DeliveryFilter filter;

    public WebhookGrantPolicy(GitHubWebhookConfig config, DeliveryFilter filter) {
        this.config = config;
        this.filter = filter;
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public GrantDecision check(GraphRun run, String grantId) {
        if (!GitHubDeliveries.SOURCE.equals(grantId)) {
            return GrantDecision.deny("no webhook route '" + grantId + "' exists");
        }
        // Catch-up alone (no secret, only the token) is a route too: it finds the same failures.
        if (!config.enabled() && !config.catchUp().active()) {
            return GrantDecision.deny("the GitHub webhook route has no secret configured any more");
        }
        if (!run.tenantId().equals(config.tenant())) {
            return GrantDecision.deny("the GitHub webhook route no longer serves tenant " + run.tenantId());
        }
        String repository = run.triggerMetadata() == null ? null : run.triggerMetadata().path("repository").asText(null);
        if (!filter.repositoryAllowed(repository)) {
            return GrantDecision.deny("repository '" + repository + "' is no longer allowed by the GitHub webhook route");
        }
        return GrantDecision.allow();
    }
}
