package dev.graphlaunch.systemtests;

import static dev.graphlaunch.systemtests.support.GitHubSender.deliver;
import static dev.graphlaunch.systemtests.support.GitHubSender.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.execution.builtin.CiFailureTriageGraph;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A failed GitHub Actions run, from GitHub's signed delivery to a finished triage run. */
class GitHubWebhookSystemTest {
    private static final String FAILURE = "workflow_run.completed.failure.json";

    @Test
    void failureDeliveryRunSucceedsWithTheTriageAndItsProvenance() throws Exception {
        try (SystemUnderTest system = SystemUnderTest.startAll()) {
            String reader = system.issueKey("acme", "ops@acme.test", "runs:read");
            String deliveryId = UUID.randomUUID().toString();

            Reply accepted = deliver(system.http(), fixture(FAILURE), "workflow_run", deliveryId);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.json().path("outcome").asText()).isEqualTo("started");

            JsonNode run = system.awaitRun(accepted.json().path("runId").asText(), reader, "succeeded");

            assertThat(run.path("graphId").asText()).isEqualTo("builtin:ci-failure-triage");
            assertThat(run.path("runKind").asText()).isEqualTo("system_webhook");
            assertThat(run.path("triggerSource").asText()).isEqualTo("webhook:github");
            assertThat(run.path("triggerRef").asText()).isEqualTo(deliveryId);
            assertThat(run.path("requestedBy").asText()).isEqualTo("github:Codertocat");
            JsonNode triage = run.path("output");
            // Field by field the triage is CiFailureTriageGraphTest's business; here: the webhook's
            // compact input reached the graph, and its answer is the run's output.
            // Through JSON text, as a client reads it, so number node types compare alike.
            String expected = new CiFailureTriageGraph().run(run.path("input")).toString();
            assertThat(triage).isEqualTo(new ObjectMapper().readTree(expected));
            assertThat(triage.path("repository").asText()).isEqualTo("octo-org/octo-repo");
            assertThat(triage.path("failures")).hasSize(1);
            JsonNode failure = triage.path("failures").get(0);
            assertThat(failure.path("runId").asLong()).isEqualTo(289782451L);
            assertThat(failure.path("htmlUrl").asText()).isEqualTo("https://github.com/octo-org/octo-repo/actions/runs/289782451");
            assertThat(failure.path("isRerun").asBoolean()).isFalse();
            // The grant check ran against the webhook route and allowed it.
            assertThat(system.count("select count(*) from graph_runs where grant_ref = 'webhook:github'"
                    + " and status = 'succeeded'")).isEqualTo(1);

            // A later redelivery is a duplicate of the finished run, and Temporal ran it once.
            Reply again = deliver(system.http(), fixture(FAILURE), "workflow_run", UUID.randomUUID().toString());
            assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(again.json().path("runId").asText()).isEqualTo(run.path("runId").asText());
            String workflowId = run.path("workflowId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> !system.executionsOf(workflowId).isEmpty());
            assertThat(system.executionsOf(workflowId)).hasSize(1);
        }
    }

    @Test
    void webhookAnswers202QuicklyWhileTemporalIsDownAndTheRunHappensOnceItIsBack() {
        int port = TemporalDevServer.freePort();
        try (SystemUnderTest system = SystemUnderTest.against("127.0.0.1:" + port)) {
            system.startGateway();
            String reader = system.issueKey("acme", "ops@acme.test", "runs:read");
            // A workflow run of its own, so no other test's workflow id can stand in for it.
            byte[] body = new String(fixture(FAILURE), StandardCharsets.UTF_8)
                    .replace("\"id\": 289782451,", "\"id\": 289782452,").getBytes(StandardCharsets.UTF_8);

            long before = System.nanoTime();
            Reply accepted = deliver(system.http(), body, "workflow_run", UUID.randomUUID().toString());
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - before);

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.json().path("outcome").asText()).isEqualTo("started");
            // GitHub gives up after 10 s; the answer must not wait for Temporal at all.
            assertThat(answeredIn).isLessThan(Duration.ofSeconds(5));
            assertThat(system.count("select count(*) from run_start_outbox")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> system.count("select attempts from run_start_outbox") >= 1);

            try (TemporalDevServer temporal = TemporalDevServer.start(port)) {
                system.startWorker();
                JsonNode run = system.awaitRun(accepted.json().path("runId").asText(), reader, "succeeded");

                assertThat(run.path("output").path("failures").get(0).path("runId").asLong()).isEqualTo(289782452L);
                assertThat(system.count("select count(*) from run_start_outbox")).isZero();
                system.stopWorker();
                system.stopGateway();
            }
        }
    }
}
