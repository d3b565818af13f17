package dev.graphlaunch.systemtests.controls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cancelling runs that have not started: while Temporal is down, and while no worker took them. */
class CancelBeforeStartSystemTest {
    private static final String OPS = "ops@acme.test";

    @Test
    void aRunAcceptedWhileTemporalIsDownIsCancelledWithoutTemporalAndNeverStarts() {
        int port = TemporalDevServer.freePort();
        try (SystemUnderTest system = SystemUnderTest.against("127.0.0.1:" + port)) {
            system.startGateway();
            String key = system.issueKey("acme", OPS, "runs:write", "runs:read", "builtin:echo");
            String runId = chat(system, key, "never");
            assertThat(system.count("select count(*) from run_start_outbox")).isEqualTo(1);

            Reply cancel = cancel(system, runId, key);

            assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
            assertThat(cancel.json().path("status").asText()).isEqualTo("cancelled");
            assertThat(cancel.json().path("error").path("code").asText()).isEqualTo("cancelled");
            assertThat(cancel.json().path("error").path("message").asText()).isEqualTo("cancelled by " + OPS);
            assertThat(cancel.json().path("cancelRequest").path("requestedBy").asText()).isEqualTo(OPS);
            assertThat(system.count("select count(*) from run_start_outbox")).isZero();
            JsonNode events = system.http().get("/api/v1/runs/" + runId + "/events", key).json();
            assertThat(events.path("complete").asBoolean()).isTrue();
            assertThat(events.path("items").get(events.path("items").size() - 1).path("data").path("status").asText())
                    .isEqualTo("cancelled");
            Reply again = cancel(system, runId, key);
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().path("status").asText()).isEqualTo("cancelled");

            try (TemporalDevServer temporal = TemporalDevServer.start(port)) {
                // With Temporal back, the relay has nothing left to start for it.
                String later = chat(system, key, "later");
                system.awaitRun(later, key, "queued");
                assertThat(system.executionsOf(workflowId(system, runId, key))).isEmpty();
                system.stopGateway();
            }
        }
    }

    @Test
    void aQueuedRunNoWorkerTookIsCancelledAndItsWorkflowAskedToStop_butWith503WhenTemporalIsAway() {
        int port = TemporalDevServer.freePort();
        try (SystemUnderTest system = SystemUnderTest.against("127.0.0.1:" + port)) {
            TemporalDevServer temporal = TemporalDevServer.start(port);
            String queuedAtOutage;
            String key;
            try {
                system.startGateway();
                key = system.issueKey("acme", OPS, "runs:write", "runs:read", "builtin:echo");
                String runId = chat(system, key, "queued, no worker");
                system.awaitRun(runId, key, "queued");

                Reply cancel = cancel(system, runId, key);

                assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
                assertThat(cancel.json().path("status").asText()).isEqualTo("cancelled");
                assertThat(cancel.json().path("error").path("message").asText()).isEqualTo("cancelled by " + OPS);
                String workflowId = workflowId(system, runId, key);
                await().atMost(Duration.ofSeconds(10)).until(() -> !system.executionsOf(workflowId).isEmpty());

                queuedAtOutage = chat(system, key, "queued, then Temporal goes away");
                system.awaitRun(queuedAtOutage, key, "queued");
            } finally {
                temporal.close();
            }

            Reply unavailable = cancel(system, queuedAtOutage, key);

            assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
            assertThat(unavailable.header("Retry-After")).isNotBlank();
            assertThat(unavailable.json().path("type").asText()).isEqualTo("/problems/temporal-unavailable");
            assertThat(system.awaitRun(queuedAtOutage, key, "queued").has("error")).isFalse();
            assertThat(system.count("select count(*) from graph_runs where cancel_requested_by is not null"
                    + " and id = cast(? as uuid)", queuedAtOutage)).isZero();
            system.stopGateway();
        }
    }

    private static String chat(SystemUnderTest system, String key, String message) {
        Reply reply = system.http().postJson("/api/v1/ai/chat", key,
                Map.of("graphId", "builtin:echo", "message", message), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("runId").asText();
    }

    private static Reply cancel(SystemUnderTest system, String runId, String key) {
        return system.http().post("/api/v1/runs/" + runId + "/cancel", key, new byte[0], "application/json", Map.of());
    }

    private static String workflowId(SystemUnderTest system, String runId, String key) {
        return system.http().get("/api/v1/runs/" + runId, key).json().path("workflowId").asText();
    }
}
