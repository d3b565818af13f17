package dev.graphlaunch.gateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.PrometheusScrape;
import dev.graphlaunch.devstack.SseClient;
import dev.graphlaunch.devstack.SseClient.Event;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TemporalCli;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs whose workflow ends behind the gateway's back, against the real Temporal dev server and
 * the real temporal CLI. No worker runs: started workflows wait in Temporal, which is exactly a
 * healthy run that takes long; the stand-in marks them running as the workflow's first activity would.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunReconcilerIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String DB_URL = TestDatabases.fresh("reconcile");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("temporal.address", () -> TemporalDevServer.shared().address()),
            ConfigOverride.config("events.pollInterval", "100ms"),
            ConfigOverride.config("reconcile.interval", "300ms"),
            ConfigOverride.config("reconcile.grace", "1s"));

    private static HttpJson http;
    private static WorkerStandIn worker;
    private static TemporalCli cli;
    private static String acme;

    @BeforeAll
    static void setUp() {
        Jdbi jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        cli = new TemporalCli(TemporalDevServer.shared());
        acme = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
    }

    /** A run whose workflow Temporal has started (the relay marked it queued). */
    private static JsonNode queuedRun() {
        JsonNode accepted = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", "builtin:echo", "message", "hi"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())).json();
        String runId = accepted.path("runId").asText();
        await().atMost(DEADLINE).until(() -> run(runId).path("status").asText().equals("queued"));
        return accepted;
    }

    private static String runningRun() {
        JsonNode accepted = queuedRun();
        String runId = accepted.path("runId").asText();
        worker.markStarted(accepted.path("workflowId").asText(), runId);
        assertThat(run(runId).path("status").asText()).isEqualTo("running");
        return runId;
    }

    private static JsonNode run(String runId) {
        return http.get("/api/v1/runs/" + runId, acme).json();
    }

    private static JsonNode awaitEnded(String runId) {
        await().atMost(DEADLINE).until(() -> !List.of("accepted", "queued", "running")
                .contains(run(runId).path("status").asText()));
        return run(runId);
    }

    /** The reconciler's endings are the runs ended with its workflow_* codes: runs_ended counts them. */
    private static double reconciled(String code) {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"))
                .value("graphlaunch_runs_ended_total", "status", "failed", "error_code", code);
    }

    @Test
    void aTerminatedWorkflowEndsItsRunFailedWithWorkflowTerminatedAndItsStreamEnds() throws Exception {
        String runId = runningRun();
        String workflowId = run(runId).path("workflowId").asText();
        double before = reconciled("workflow_terminated");

        try (SseClient stream = SseClient.connect(
                URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/runs/" + runId + "/events"), acme, null)) {
            assertThat(stream.status()).isEqualTo(200);
            cli.ok("workflow", "terminate", "--workflow-id", workflowId, "--reason", "operator stopped it");

            JsonNode ended = awaitEnded(runId);
            assertThat(ended.path("status").asText()).isEqualTo("failed");
            assertThat(ended.path("error").path("code").asText()).isEqualTo("workflow_terminated");
            assertThat(ended.path("error").path("message").asText()).contains(workflowId, "terminated");
            List<Event> events = stream.untilClosed(DEADLINE);
            Event last = events.get(events.size() - 1);
            assertThat(last.type()).isEqualTo("status");
            JsonNode data = MAPPER.readTree(last.data());
            assertThat(data.path("status").asText()).isEqualTo("failed");
            assertThat(data.path("code").asText()).isEqualTo("workflow_terminated");
        }
        assertThat(reconciled("workflow_terminated")).isGreaterThan(before);
    }

    @Test
    void aQueuedRunWhoseWorkflowTemporalDoesNotKnowEndsFailedWithWorkflowNotFound() {
        JsonNode accepted = queuedRun();
        String runId = accepted.path("runId").asText();
        cli.ok("workflow", "delete", "--yes", "--workflow-id", accepted.path("workflowId").asText());

        JsonNode ended = awaitEnded(runId);
        assertThat(ended.path("status").asText()).isEqualTo("failed");
        assertThat(ended.path("error").path("code").asText()).isEqualTo("workflow_not_found");
    }

    @Test
    void aHealthyRunningRunIsLeftAloneWhileTheSweepEndsANewerBrokenOne() {
        String healthy = runningRun();
        JsonNode broken = queuedRun();
        cli.ok("workflow", "delete", "--yes", "--workflow-id", broken.path("workflowId").asText());

        // The sweep goes oldest first, so by the time the newer broken run ended it has described the healthy one.
        assertThat(awaitEnded(broken.path("runId").asText()).path("error").path("code").asText())
                .isEqualTo("workflow_not_found");
        JsonNode stillRunning = run(healthy);
        assertThat(stillRunning.path("status").asText()).isEqualTo("running");
        assertThat(stillRunning.path("error").isMissingNode() || stillRunning.path("error").isNull()).isTrue();
    }

    @Test
    void aWorkflowThatReportsAfterTheReconcilerKeepsTheReconcilersEnding() {
        String runId = runningRun();
        cli.ok("workflow", "terminate", "--workflow-id", run(runId).path("workflowId").asText(), "--reason", "test");
        awaitEnded(runId);

        worker.finish(runId, new FinishRun(RunStatus.SUCCEEDED,
                MAPPER.createObjectNode().put("reply", "late"), null, null));

        JsonNode after = run(runId);
        assertThat(after.path("status").asText()).isEqualTo("failed");
        assertThat(after.path("error").path("code").asText()).isEqualTo("workflow_terminated");
        JsonNode events = http.get("/api/v1/runs/" + runId + "/events", acme).json().path("items");
        assertThat(events).filteredOn(event -> event.path("type").asText().equals("status")
                && event.path("data").has("code")).hasSize(1);
    }
}
