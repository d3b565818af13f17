package dev.graphlaunch.gateway.triggers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.grants.GrantChecker;
import dev.graphlaunch.gateway.runs.GraphRun;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookGrantPolicyTest {

    private static GitHubWebhookConfig route(List<String> secrets, List<String> repositories) {
        return new GitHubWebhookConfig(secrets, "acme", null, repositories, null, null, null, null, null);
    }

    private static GrantDecision check(GitHubWebhookConfig config, String tenant, String repository, String grantRef) {
        GraphRun run = new GraphRun(UUID.randomUUID(), tenant, "builtin:ci-failure-triage", "wf", "key", null,
                RunKind.SYSTEM_WEBHOOK, TriggerSource.GITHUB_WEBHOOK, "delivery", "github:octocat",
                JsonNodeFactory.instance.objectNode().put("repository", repository), grantRef,
                JsonNodeFactory.instance.objectNode(), RunStatus.QUEUED, 0, null, null, null, null, null, null, null, null);
        return new GrantChecker(List.of(new WebhookGrantPolicy(config, new DeliveryFilter(config)))).check(run);
    }

    @Test
    void runOfAConfiguredRouteAndAllowedRepositoryMayExecute() {
        assertThat(check(route(List.of("s"), List.of("octo-org/*")), "acme", "octo-org/octo-repo", "webhook:github").allowed())
                .isTrue();
    }

    @Test
    void runIsSkippedOnceTheSecretIsGone() {
        GrantDecision decision = check(route(List.of(), List.of("octo-org/*")), "acme", "octo-org/octo-repo", "webhook:github");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("no secret");
    }

    @Test
    void catchUpAloneKeepsTheRouteServingWithoutASecret() {
        GitHubWebhookConfig catchUpOnly = new GitHubWebhookConfig(List.of(), "acme", null, List.of("octo-org/*"),
                null, null, null, null, null, null, new dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpConfig(
                        null, null, null, null, "ghs_token", null, null, null, null));

        assertThat(check(catchUpOnly, "acme", "octo-org/octo-repo", "webhook:github").allowed()).isTrue();
        assertThat(check(catchUpOnly, "acme", "other-org/repo", "webhook:github").allowed()).isFalse();
    }

    @Test
    void runIsSkippedOnceItsRepositoryIsNoLongerAllowed() {
        GrantDecision decision = check(route(List.of("s"), List.of("octo-org/other")), "acme", "octo-org/octo-repo", "webhook:github");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("octo-org/octo-repo");
    }

    @Test
    void runOfAnotherTenantOrAnUnknownWebhookIsSkipped() {
        GitHubWebhookConfig config = route(List.of("s"), List.of("octo-org/*"));
        assertThat(check(config, "globex", "octo-org/octo-repo", "webhook:github").allowed()).isFalse();
        assertThat(check(config, "acme", "octo-org/octo-repo", "webhook:gitlab").allowed()).isFalse();
    }
}
