package dev.graphlaunch.gateway.triggers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.PrometheusScrape;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backpressure on a gateway whose Temporal is out of reach, so every accepted run stays pending:
 * API triggers beyond the bounds are refused with nothing written, webhook deliveries never are.
 * The backlog count is refreshed only at start-up here (refreshInterval 1h), so what decides is
 * exactly this replica's own accepts.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BackpressureIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("backpressure");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("startBacklog.maxPending", "3"),
            ConfigOverride.config("startBacklog.maxPendingPerTenant", "2"),
            ConfigOverride.config("startBacklog.retryAfter", "7s"),
            ConfigOverride.config("startBacklog.refreshInterval", "1h"),
            ConfigOverride.config("startBacklog.unhealthyAfter", "1s"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String acme;
    private static String globex;

    @BeforeAll
    static void keys() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        acme = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "builtin:*"), "").key();
        globex = keys.issue("globex", "app@globex.test", List.of("runs:write", "runs:read", "builtin:*"), "").key();
    }

    @Test
    void apiTriggersBeyondTheBoundsAreRefusedWithRetryAfterWhileWebhooksAreStillRecorded() throws Exception {
        String firstKey = "bp-" + UUID.randomUUID();
        assertThat(chat(acme, firstKey).status()).isEqualTo(202);
        assertThat(chat(acme, "bp-" + UUID.randomUUID()).status()).isEqualTo(202);

        String refusedKey = "bp-" + UUID.randomUUID();
        PrometheusScrape before = scrape();
        Reply tenantFull = chat(acme, refusedKey);
        assertProblem(tenantFull, 429, "tenant-start-backlog-full");
        assertThat(runsWithKey(refusedKey)).isZero();
        Reply replay = chat(acme, firstKey);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        PrometheusScrape after = scrape();
        assertThat(after.value("graphlaunch_triggers_total", "outcome", "refused")
                - before.value("graphlaunch_triggers_total", "outcome", "refused")).isEqualTo(1);
        assertThat(after.value("graphlaunch_triggers_total", "outcome", "duplicate")
                - before.value("graphlaunch_triggers_total", "outcome", "duplicate")).isEqualTo(1);

        assertThat(chat(globex, "bp-" + UUID.randomUUID()).status()).isEqualTo(202);
        String globalKey = "bp-" + UUID.randomUUID();
        assertProblem(chat(globex, globalKey), 503, "start-backlog-full");
        assertThat(runsWithKey(globalKey)).isZero();
        assertThat(TestDatabases.count(jdbi, "run_start_outbox")).isEqualTo(3);

        long workflowRun = WebhookClient.newRunId();
        String delivery = WebhookClient.newDeliveryId();
        WebhookClient hook = new WebhookClient(http, jdbi);
        Reply webhook = hook.deliver(WebhookClient.failureOfRun(workflowRun), "workflow_run", delivery);
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(202);
        assertThat(hook.onlyDelivery(delivery)).containsEntry("outcome", "started");
        assertThat(runsWithKey(WebhookClient.keyOf(workflowRun, 1))).isEqualTo(1);
        assertThat(TestDatabases.count(jdbi, "run_start_outbox")).isEqualTo(4);

        Thread.sleep(1_500);
        JsonNode health = new HttpJson(URI.create("http://127.0.0.1:" + APP.getAdminPort()))
                .get("/healthcheck", null).json().path("start-backlog");
        assertThat(health.path("healthy").asBoolean()).isFalse();
        assertThat(health.path("message").asText()).startsWith("4 pending starts, oldest ");
    }

    private static Reply chat(String key, String idempotencyKey) {
        return http.postJson("/api/v1/ai/chat", key, Map.of("graphId", "builtin:echo", "message", "hi"),
                Map.of("Idempotency-Key", idempotencyKey));
    }

    private static long runsWithKey(String key) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where idempotency_key = :k")
                .bind("k", key).mapTo(Long.class).one());
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(reply.json().path("detail").asText()).contains("Retry after 7 seconds");
        assertThat(reply.header("Retry-After")).isEqualTo("7");
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"));
    }

}
