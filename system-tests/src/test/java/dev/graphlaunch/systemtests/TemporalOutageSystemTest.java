package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NO_LOST_TRIGGER: a trigger answered 2xx while Temporal is down is started once it is back. */
class TemporalOutageSystemTest {

    @Test
    void triggerAcceptedWhileTemporalIsDownRunsOnceItIsBack() {
        int port = TemporalDevServer.freePort();
        try (SystemUnderTest system = SystemUnderTest.against("127.0.0.1:" + port)) {
            system.startGateway();
            String apiKey = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "builtin:echo");

            long before = System.nanoTime();
            Reply accepted = system.http().postJson("/api/v1/ai/chat", apiKey,
                    Map.of("graphId", "builtin:echo", "message", "still here"), Map.of("Idempotency-Key", "outage-1"));
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - before);

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(5));
            String runId = accepted.json().path("runId").asText();
            assertThat(system.count("select count(*) from run_start_outbox")).isEqualTo(1);
            // The relay keeps trying; give it a few failed rounds before Temporal comes up.
            await().atMost(Duration.ofSeconds(40)).until(() ->
                    system.count("select attempts from run_start_outbox") >= 2);

            try (TemporalDevServer temporal = TemporalDevServer.start(port)) {
                system.startWorker();
                JsonNode run = system.awaitRun(runId, apiKey, "succeeded");

                assertThat(run.path("output").path("reply").asText()).isEqualTo("still here");
                assertThat(system.count("select count(*) from run_start_outbox")).isZero();
                String workflowId = run.path("workflowId").asText();
                await().atMost(Duration.ofSeconds(20)).until(() -> !system.executionsOf(workflowId).isEmpty());
                assertThat(system.executionsOf(workflowId)).hasSize(1);
                system.stopWorker();
                system.stopGateway();
            }
        }
    }
}
