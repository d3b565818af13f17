package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EVERY_RUN_ENDS, "at most one attempt of a run executes at any moment" (docs/execution.md, "One
 * attempt at a time"), through the whole system: a worker killed mid-attempt, and a cancelled run.
 */
class AttemptFencingSystemTest {
    /** Longer than the execute activity's 30 s heartbeat timeout, so attempt 1 outlives the worker's death. */
    private static final int SLOW_MILLIS = 50_000;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static SystemUnderTest system;
    private static String client;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll();
        client = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "*");
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void aWorkerKilledMidAttemptLeadsToAttempt2AndAttempt1sLateResultIsDiscarded() {
        JsonNode accepted = slowRun();
        String runId = accepted.path("runId").asText();
        awaitAttemptRunning(runId, 1);

        system.killWorker();
        system.startWorker();

        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> finished(runId));
        JsonNode run = system.http().get("/api/v1/runs/" + runId, client).json();
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(run.path("output").path("reply").asText()).isEqualTo("slow");
        assertThat(attempts(runId)).containsExactly(Map.entry(1, "discarded"), Map.entry(2, "succeeded"));
        assertThat(events(runId, "final")).isEqualTo(1);
        // builtin usage is reported on success only: cancelled attempt 1 charged nothing, attempt 2 once.
        List<String> receipts = system.jdbi().withHandle(h -> h.createQuery("select source_reference || ':' || fenced"
                + " from charge_receipts where run_id = cast(:id as uuid)").bind("id", runId).mapTo(String.class).list());
        assertThat(receipts).containsExactly(runId + "/2/builtin:false");
    }

    @Test
    void aCancelledRunFencesItsRunningAttemptWhichWritesNothingAfterwards() {
        JsonNode accepted = slowRun();
        String runId = accepted.path("runId").asText();
        awaitAttemptRunning(runId, 1);

        system.temporalClient().newUntypedWorkflowStub(accepted.path("workflowId").asText()).cancel();

        JsonNode run = system.awaitRun(runId, client, "cancelled");
        await().atMost(Duration.ofSeconds(30)).until(() -> "discarded".equals(attempts(runId).get(1)));
        assertThat(run.path("output").isNull() || run.path("output").isMissingNode()).as("%s", run).isTrue();
        assertThat(events(runId, "final")).isZero();
        assertThat(events(runId, "error")).isZero();
    }

    private static JsonNode slowRun() {
        Reply accepted = system.http().postJson("/api/v1/ai/chat", client, Map.of("graphId", "builtin:echo",
                "message", "slow", "input", Map.of("delayMs", SLOW_MILLIS)), Map.of("Idempotency-Key", "f-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json();
    }

    private static void awaitAttemptRunning(String runId, int attempt) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(attempts(runId).get(attempt)));
    }

    private static boolean finished(String runId) {
        String status = system.http().get("/api/v1/runs/" + runId, client).json().path("status").asText();
        return List.of("succeeded", "failed", "cancelled", "skipped").contains(status);
    }

    private static Map<Integer, String> attempts(String runId) {
        Map<Integer, String> statuses = new java.util.TreeMap<>();
        system.jdbi().withHandle(h -> h.createQuery("select attempt, status from graph_run_attempts"
                        + " where run_id = cast(:id as uuid)").bind("id", runId).mapToMap().list())
                .forEach(row -> statuses.put((Integer) row.get("attempt"), (String) row.get("status")));
        return statuses;
    }

    private static long events(String runId, String type) {
        return system.count("select count(*) from graph_run_events where run_id = cast(? as uuid) and type = ?",
                runId, type);
    }
}
