package dev.graphlaunch.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.PrometheusScrape;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port's /metrics, scraped before and after real requests: each thing that happened
 * moves its counter by exactly its count. Temporal is unreachable here (the relay cannot start
 * workflows), so a stand-in plays the worker over the internal API, as the worker would.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MetricsIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("metrics");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("graphs.builtinPrices.echo", "0.25"));

    private static HttpJson http;
    private static WorkerStandIn worker;
    private static String apiKey;

    @BeforeAll
    static void connect() {
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        apiKey = new ApiKeys(TestDatabases.jdbi(DB_URL).onDemand(ApiKeyDao.class))
                .issue("acme", "app@acme", List.of("runs:write", "runs:read", "builtin:*"), "").key();
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"));
    }

    private static Reply chat(String key, String message) {
        return http.postJson("/api/v1/ai/chat", apiKey, Map.of("graphId", "builtin:echo", "message", message),
                Map.of("Idempotency-Key", key));
    }

    @Test
    void oneApiRunMovesItsCountersOnceEach() {
        PrometheusScrape before = scrape();
        String key = "metrics-" + UUID.randomUUID();

        Reply accepted = chat(key, "hello");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(chat(key, "hello").status()).isEqualTo(202);
        assertThat(chat(key, "a different request").status()).isEqualTo(422);
        JsonNode run = accepted.json();
        String runId = run.path("runId").asText();
        worker.markStarted(run.path("workflowId").asText(), runId);
        worker.runToEnd("builtin:echo", runId, 3);
        // A repeated finish (a retried activity) ends nothing, so counts nothing.
        worker.finish(runId, FinishRun.failed("workflow_timeout", "late"));

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "graphlaunch_triggers_total", "run_kind", "user_immediate", "outcome", "started"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_triggers_total", "run_kind", "user_immediate", "outcome", "duplicate"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_triggers_total", "run_kind", "user_immediate", "outcome", "refused"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_run_start_delay_seconds_count", "run_kind", "user_immediate"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_attempts_total", "outcome", "succeeded")).isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_runs_ended_total", "status", "succeeded", "error_code", "none"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_runs_ended_total")).isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_run_duration_seconds_count", "run_kind", "user_immediate"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_charge_receipts_total")).isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_charged_cost_total")).isEqualTo(0.25);
        assertThat(delta(before, after, "graphlaunch_http_server_requests_seconds_count",
                "method", "POST", "route", "/api/v1/ai/chat", "status", "202")).isEqualTo(2);
        assertThat(delta(before, after, "graphlaunch_http_server_requests_seconds_count",
                "method", "POST", "route", "/api/internal/runs/{runId}/finish", "status", "200")).isEqualTo(2);
    }

    @Test
    void aScheduledRunCountsAsAScheduleFire() {
        PrometheusScrape before = scrape();

        String runId = worker.startScheduled("acme", "builtin:echo", new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode(), "nightly-" + UUID.randomUUID(), "2026-11-29T03:00:00Z");
        worker.runToEnd("builtin:echo", runId, 3);

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "graphlaunch_schedule_fires_total", "run_kind", "system_scheduled")).isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_run_duration_seconds_count", "run_kind", "system_scheduled"))
                .isEqualTo(1);
    }

    @Test
    void aRefusedWebhookDeliveryIsCountedAsRejected() {
        PrometheusScrape before = scrape();

        Reply refused = http.post("/api/v1/webhooks/github", null, "{}".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", UUID.randomUUID().toString()));

        assertThat(refused.status()).isBetween(400, 499);
        assertThat(delta(before, scrape(), "graphlaunch_webhook_deliveries_total", "outcome", "rejected")).isEqualTo(1);
    }

    @Test
    void cancellingARunBeforeItsWorkflowStartedCountsItsEndingOnce() {
        Reply accepted = chat("cancel-" + UUID.randomUUID(), "never starts");
        assertThat(accepted.status()).isEqualTo(202);
        String runId = accepted.json().path("runId").asText();
        PrometheusScrape before = scrape();

        Reply cancelled = http.postJson("/api/v1/runs/" + runId + "/cancel", apiKey, Map.of(), Map.of());

        assertThat(cancelled.status()).as(cancelled.body()).isBetween(200, 299);
        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "graphlaunch_runs_ended_total", "status", "cancelled", "error_code", "cancelled"))
                .isEqualTo(1);
        assertThat(delta(before, after, "graphlaunch_runs_ended_total")).isEqualTo(1);
    }

    @Test
    void aRunWhoseWorkflowCannotStartShowsInTheStartBacklog() {
        assertThat(chat("backlog-" + UUID.randomUUID(), "waits").status()).isEqualTo(202);

        // Temporal is unreachable, so the start stays in the outbox; the gauge reads the accept path's count.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(scrape().value("graphlaunch_start_backlog_pending")).isGreaterThanOrEqualTo(1));
        assertThat(scrape().has("graphlaunch_start_backlog_oldest_age_seconds")).isTrue();
    }

    @Test
    void theScrapeIsPrometheusTextWithJvmMetricsAndNoRawPathsInRoutes() {
        http.get("/api/v1/runs/" + UUID.randomUUID(), apiKey);

        PrometheusScrape scrape = scrape();

        assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(scrape.has("jvm_memory_used_bytes")).isTrue();
        assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
        assertThat(scrape.samples()).filteredOn(s -> s.name().equals("graphlaunch_http_server_requests_seconds_count"))
                .extracting(s -> s.labels().get("route"))
                .contains("/api/v1/runs/{runId}")
                .allSatisfy(route -> assertThat(route).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}"));
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
