package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FAIL_CLOSED: a gateway whose webhook secret is unset (an empty environment variable) refuses everything. */
@ExtendWith(DropwizardExtensionsSupport.class)
class GitHubWebhookUnconfiguredIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("webhook_off");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            // What "${GITHUB_WEBHOOK_SECRET:-}" becomes when the variable is not set.
            ConfigOverride.config("githubWebhook.secrets", ""));

    @Test
    void everyDeliveryIs503AndLoggedAsRejectedWhenNoSecretIsConfigured() {
        HttpJson http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        Jdbi jdbi = TestDatabases.jdbi(DB_URL);
        byte[] body = bytes(FAILURE);

        // Even a delivery signed with the secret the hook used to have is refused.
        Reply reply = http.post("/api/v1/webhooks/github", null, body, "application/json", Map.of(
                "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", "d-1",
                "X-Hub-Signature-256", sign("test-webhook-secret-current", body)));

        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/webhook-not-configured");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isZero();
        String outcome = jdbi.withHandle(h -> h.createQuery("select outcome from webhook_deliveries where delivery_id = 'd-1'")
                .mapTo(String.class).one());
        assertThat(outcome).isEqualTo("rejected");
    }

    @Test
    void aReplayIs503WhileNoSecretIsConfiguredEvenOfAKeptBody() {
        HttpJson http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        Jdbi jdbi = TestDatabases.jdbi(DB_URL);
        String admin = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "ops@acme.test", List.of("admin"), "")
                .key();
        // A delivery kept while the secret was still configured.
        UUID logId = UUID.randomUUID();
        jdbi.useHandle(h -> {
            h.execute("insert into webhook_deliveries (id, source, tenant_id, delivery_id, event, outcome, http_status)"
                    + " values (?, 'github', 'acme', 'd-kept', 'workflow_run', 'ignored', 202)", logId);
            h.execute("insert into webhook_delivery_bodies (delivery_log_id, received_at, headers, body)"
                    + " values (?, now(), cast(? as jsonb), ?)", logId,
                    "{\"event\":\"workflow_run\",\"deliveryId\":\"d-kept\",\"format\":\"JSON\"}", bytes(FAILURE));
        });

        Reply reply = http.postJson("/api/v1/admin/webhooks/github/deliveries/" + logId + "/replay", admin, Map.of(),
                Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/webhook-not-configured");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isZero();
        assertThat(TestDatabases.count(jdbi, "webhook_deliveries where delivery_id = 'd-kept'")).isEqualTo(1);
    }
}
