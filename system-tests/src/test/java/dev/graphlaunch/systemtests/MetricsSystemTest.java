package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.PrometheusScrape;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both /metrics endpoints, scraped around one API run through the real Temporal server and worker. */
class MetricsSystemTest {
    private static SystemUnderTest system;
    private static String apiKey;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll();
        apiKey = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "builtin:*");
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void oneApiRunMovesTheGatewaysCountersAndTheWorkersTemporalMetrics() {
        PrometheusScrape gatewayBefore = PrometheusScrape.of(system.gatewayMetrics());
        PrometheusScrape workerBefore = PrometheusScrape.of(system.workerMetrics());

        Reply accepted = system.http().postJson("/api/v1/ai/chat", apiKey,
                Map.of("graphId", "builtin:echo", "message", "counted"), Map.of("Idempotency-Key", "m-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        system.awaitRun(accepted.json().path("runId").asText(), apiKey, "succeeded");

        PrometheusScrape gateway = PrometheusScrape.of(system.gatewayMetrics());
        assertThat(delta(gatewayBefore, gateway, "graphlaunch_triggers_total", "run_kind", "user_immediate",
                "outcome", "started")).isEqualTo(1);
        assertThat(delta(gatewayBefore, gateway, "graphlaunch_run_start_delay_seconds_count")).isEqualTo(1);
        assertThat(delta(gatewayBefore, gateway, "graphlaunch_runs_ended_total", "status", "succeeded")).isEqualTo(1);
        assertThat(delta(gatewayBefore, gateway, "graphlaunch_attempts_total", "outcome", "succeeded")).isEqualTo(1);
        assertThat(delta(gatewayBefore, gateway, "graphlaunch_run_duration_seconds_count")).isEqualTo(1);
        // the gateway's own Temporal client reports through the same registry, flushed by tally every second
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(PrometheusScrape.of(system.gatewayMetrics()).has("temporal_request_total")).isTrue());

        // tally flushes into the registry every second
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            PrometheusScrape worker = PrometheusScrape.of(system.workerMetrics());
            assertThat(worker.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(delta(workerBefore, worker, "temporal_activity_execution_latency_seconds_count",
                    "activity_type", "ExecuteAttempt")).isGreaterThanOrEqualTo(1);
            assertThat(delta(workerBefore, worker, "temporal_workflow_completed_total",
                    "workflow_type", "GraphRunWorkflow")).isEqualTo(1);
            assertThat(worker.has("jvm_memory_used_bytes")).isTrue();
        });
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
