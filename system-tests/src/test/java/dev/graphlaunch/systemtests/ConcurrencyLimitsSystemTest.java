package dev.graphlaunch.systemtests;

import static dev.graphlaunch.systemtests.support.GitHubSender.deliver;
import static dev.graphlaunch.systemtests.support.GitHubSender.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrency limits (issue 13.3) on the real system: gateway, worker, Temporal dev server and
 * PostgreSQL. At most one run per repository (webhooks) and per tenant (API) executes at a time;
 * the rest wait {@code queued}, say so in their events, and all run in the end. With
 * {@code -Dgraphlaunch.recordHistories=DIR} it writes the history of a run that waited, which the
 * worker's replay test keeps.
 */
class ConcurrencyLimitsSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Each webhook run streams its triage in 4 pieces 400 ms apart: about 1.6 s of attempt. */
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static SystemUnderTest system;
    private static String reader;

    @BeforeAll
    static void start() {
        OPENAI.always(FakeOpenAi.stream("triaged!!!!!", 3, 2, 400));
        system = SystemUnderTest.startAll(
                ConfigOverride.config("concurrency.webhookPerRepository", "1"),
                ConfigOverride.config("concurrency.apiPerTenant", "1"),
                // Long enough that only the gateway's signal can let a waiter go within these tests.
                ConfigOverride.config("concurrency.recheckInterval", "5m"),
                ConfigOverride.config("concurrency.dispatchInterval", "200ms"),
                ConfigOverride.config("reconcile.interval", "1s"),
                ConfigOverride.config("githubWebhook.graph", "openai:chat"),
                ConfigOverride.config("graphs.openai.enabled", "true"),
                ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
                ConfigOverride.config("graphs.openai.models.chat", "stub-model"));
        reader = system.issueKey("acme", "ops@acme.test", "runs:read");
    }

    @AfterAll
    static void stop() {
        system.close();
        OPENAI.close();
    }

    @Test
    void webhookRunsOfOneRepositoryRunOneAtATimeWhileAnotherRepositoryIsNotBlocked() {
        String limited = "octo-org/limited-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "octo-org/other-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> queue = IntStream.range(0, 3).mapToObj(i -> failure(limited)).toList();
        String unblocked = failure(other);

        List<String> all = new ArrayList<>(queue);
        all.add(unblocked);
        all.forEach(runId -> system.awaitRun(runId, reader, "succeeded"));

        assertThat(maxConcurrency(queue)).isEqualTo(1);
        assertThat(attemptStart(unblocked)).as("the other repository's run waits for nobody")
                .isBefore(queue.stream().map(ConcurrencyLimitsSystemTest::attemptStart).max(Comparator.naturalOrder())
                        .orElseThrow());
        List<String> waited = queue.stream().filter(runId -> waitEvent(runId, reader) != null).toList();
        assertThat(waited).as("two of three had to wait").hasSize(2);
        waited.forEach(runId -> {
            assertThat(waitEvent(runId, reader).path("message").asText())
                    .startsWith("waiting for a slot of repo:" + limited + " (limit 1, ");
            assertThat(slotEvent(runId, reader).path("message").asText())
                    .startsWith("got a slot of repo:" + limited + " after waiting");
        });
        assertThat(waitEvent(unblocked, reader)).isNull();
    }

    @Test
    void apiRunsOfOneTenantRunOneAtATimeAndAnotherTenantIsNotBlocked() throws IOException {
        String busy = newTenant();
        String busyKey = system.issueKey(busy, "app@" + busy + ".test", "runs:write", "runs:read", "builtin:*");
        String calm = newTenant();
        String calmKey = system.issueKey(calm, "app@" + calm + ".test", "runs:write", "runs:read", "builtin:*");
        List<String> queue = inOrder(busyKey, 1500, 1500, 1500);
        String unblocked = slowEcho(calmKey, 1500);

        JsonNode waiting = system.http().get("/api/v1/runs/" + queue.get(2), busyKey).json();
        assertThat(waiting.path("status").asText()).isEqualTo("queued");
        assertThat(waiting.path("startedAt").isMissingNode()).as("a waiting run has not started").isTrue();
        assertThat(waiting.path("waitingFor").path("limitKey").asText()).isEqualTo("tenant:" + busy);
        assertThat(waiting.path("waitingFor").path("limit").asInt()).isEqualTo(1);
        queue.forEach(runId -> system.awaitRun(runId, busyKey, "succeeded"));
        system.awaitRun(unblocked, calmKey, "succeeded");

        assertThat(maxConcurrency(queue)).isEqualTo(1);
        assertThat(attemptStart(unblocked)).isBefore(attemptStart(queue.get(2)));
        assertThat(system.http().get("/api/v1/runs/" + queue.get(2), busyKey).json().has("waitingFor")).isFalse();
        assertThat(waitEvent(queue.get(2), busyKey).path("waitingFor").asText()).isEqualTo("tenant:" + busy);

        // What waiting costs in Temporal: the first run had its slot at once, the last waited.
        List<EventType> straight = types(historyOf(workflowId(queue.get(0)), null));
        assertThat(straight.size()).as("no limit held it back: %s", straight).isLessThanOrEqualTo(15);
        List<EventType> waitedFor = types(historyOf(workflowId(queue.get(2)), "lean-api-run-waited-for-slot.json"));
        assertThat(waitedFor).filteredOn(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED::equals).isNotEmpty();
        assertThat(waitedFor).filteredOn(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals).hasSize(1);
        System.out.printf("history of a run that had its slot at once: %d events; of one that waited: %d events%n",
                straight.size(), waitedFor.size());
    }

    @Test
    void aWaitingRunCancelledEndsCancelledPromptlyAndFreesNothingItDidNotHold() {
        String tenant = newTenant();
        String key = system.issueKey(tenant, "app@" + tenant + ".test", "runs:write", "runs:read", "builtin:*");
        List<String> runs = inOrder(key, 8000, 100, 100);
        String holder = runs.get(0);
        String cancelled = runs.get(1);
        String next = runs.get(2);

        Instant asked = Instant.now();
        Reply cancel = system.http().postJson("/api/v1/runs/" + cancelled + "/cancel", key, Map.of(), Map.of());
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        system.awaitRun(cancelled, key, "cancelled");

        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(4));
        assertThat(status(holder, key)).as("the holder still runs").isEqualTo("running");
        assertThat(status(next, key)).as("the cancelled waiter held nothing to hand on").isEqualTo("queued");
        system.awaitRun(next, key, "succeeded");
        assertThat(system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)", cancelled))
                .isZero();
        assertThat(attemptStart(next)).isAfterOrEqualTo(attemptFinish(holder));
        assertThat(maxConcurrency(List.of(holder, next))).isEqualTo(1);
    }

    @Test
    void aTerminatedSlotHolderFreesItsSlotThroughTheReconcilerAndTheWaiterRuns() {
        String tenant = newTenant();
        String key = system.issueKey(tenant, "app@" + tenant + ".test", "runs:write", "runs:read", "builtin:*");
        // Longer than the waiter needs once the slot frees: only the holder's ending can let it go in time.
        long holderMillis = 12_000;
        List<String> runs = inOrder(key, holderMillis, 100);
        String holder = runs.get(0);
        String waiter = runs.get(1);
        Instant holderWouldFinish = attemptStart(holder).plusMillis(holderMillis);

        system.temporalClient().newUntypedWorkflowStub(workflowId(holder)).terminate("concurrency limits system test");

        JsonNode ended = system.awaitRun(holder, key, "failed");
        assertThat(ended.path("error").path("code").asText()).isEqualTo("workflow_terminated");
        system.awaitRun(waiter, key, "succeeded");
        assertThat(attemptStart(waiter)).as("the waiter ran before the holder's graph would have finished")
                .isBefore(holderWouldFinish);
        assertThat(slotEvent(waiter, key)).isNotNull();
        // The terminated holder's graph still sleeps in the gateway; let it end before the gateway stops.
        await().atMost(WAIT).until(() -> Instant.now().isAfter(holderWouldFinish.plusSeconds(1)));
    }

    /**
     * A signed delivery of a failed workflow run of {@code repository}, each a workflow run and a head
     * commit of its own, so no per-commit grouping of failures can fold them into one run.
     */
    private static String failure(String repository) {
        long workflowRunId = 900_000_000L + (long) (Math.random() * 90_000_000);
        String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
        byte[] body = new String(fixture("workflow_run.completed.failure.json"), StandardCharsets.UTF_8)
                .replace("octo-org/octo-repo", repository)
                .replace("3484a3fb816e0859fd6e1cea078d76385ff50625", sha)
                .replace("\"id\": 289782451,", "\"id\": " + workflowRunId + ",")
                .getBytes(StandardCharsets.UTF_8);
        Reply accepted = deliver(system.http(), body, "workflow_run", UUID.randomUUID().toString());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().path("outcome").asText()).as(accepted.body()).isEqualTo("started");
        return accepted.json().path("runId").asText();
    }

    /**
     * Echo runs of one tenant, each sent once the one before holds its slot or waits for it, so the
     * first holds the slot and the rest queue in this order (the relay starts workflows concurrently).
     */
    private static List<String> inOrder(String apiKey, long... delaysMs) {
        List<String> runIds = new ArrayList<>();
        for (long delayMs : delaysMs) {
            String runId = slowEcho(apiKey, delayMs);
            boolean first = runIds.isEmpty();
            await().atMost(WAIT).until(() -> first ? "running".equals(status(runId, apiKey)) : waitEvent(runId, apiKey) != null);
            runIds.add(runId);
        }
        return runIds;
    }

    private static String slowEcho(String apiKey, long delayMs) {
        Reply accepted = system.http().postJson("/api/v1/ai/chat", apiKey, Map.of("graphId", "builtin:echo",
                "message", "hello", "input", Map.of("delayMs", delayMs)), Map.of("Idempotency-Key", "c-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("runId").asText();
    }

    private static String status(String runId, String apiKey) {
        return system.http().get("/api/v1/runs/" + runId, apiKey).json().path("status").asText();
    }

    private static List<JsonNode> statusEvents(String runId, String apiKey) {
        JsonNode items = system.http().get("/api/v1/runs/" + runId + "/events", apiKey).json().path("items");
        return StreamSupport.stream(items.spliterator(), false)
                .filter(event -> "status".equals(event.path("type").asText())).map(event -> event.path("data")).toList();
    }

    /** The event that says the run waits for a slot, or null. */
    private static JsonNode waitEvent(String runId, String apiKey) {
        return statusEvents(runId, apiKey).stream().filter(data -> data.has("waitingFor")).findFirst().orElse(null);
    }

    /** The event that says the run got its slot after waiting, or null. */
    private static JsonNode slotEvent(String runId, String apiKey) {
        return statusEvents(runId, apiKey).stream().filter(data -> data.has("slots")).findFirst().orElse(null);
    }

    /** The most attempts of these runs that overlapped in time, from the attempts' recorded start and finish. */
    private static int maxConcurrency(List<String> runIds) {
        List<long[]> edges = new ArrayList<>();
        for (String runId : runIds) {
            system.jdbi().useHandle(handle -> handle.createQuery("""
                    select started_at, finished_at from graph_run_attempts where run_id = cast(:runId as uuid)""")
                    .bind("runId", runId)
                    .map((rs, ctx) -> new Instant[] {rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getObject(2, OffsetDateTime.class).toInstant()})
                    .forEach(span -> {
                        // A finish sorts before a start at the same instant: handing a slot on is not overlap.
                        edges.add(new long[] {toMicros(span[0]), +1});
                        edges.add(new long[] {toMicros(span[1]), -1});
                    }));
        }
        edges.sort(Comparator.<long[]>comparingLong(edge -> edge[0]).thenComparingLong(edge -> edge[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static Instant attemptStart(String runId) {
        return attemptTime(runId, "min(started_at)");
    }

    private static Instant attemptFinish(String runId) {
        return attemptTime(runId, "max(finished_at)");
    }

    private static Instant attemptTime(String runId, String aggregate) {
        return system.jdbi().withHandle(handle -> handle.createQuery(
                "select " + aggregate + " from graph_run_attempts where run_id = cast(:runId as uuid)")
                .bind("runId", runId).mapTo(OffsetDateTime.class).one().toInstant());
    }

    private static String workflowId(String runId) {
        return system.jdbi().withHandle(handle -> handle.createQuery(
                "select workflow_id from graph_runs where id = cast(:runId as uuid)").bind("runId", runId)
                .mapTo(String.class).one());
    }

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The closed workflow's history; written to the recording directory when one is set and a name given. */
    private static WorkflowExecutionHistory historyOf(String workflowId, String recordAs) throws IOException {
        await().atMost(WAIT).until(() -> system.executionsOf(workflowId).stream().allMatch(info -> info.hasCloseTime()));
        WorkflowExecutionHistory history = system.temporalClient().fetchHistory(workflowId);
        String directory = System.getProperty("graphlaunch.recordHistories");
        if (recordAs != null && directory != null && !directory.isBlank()) {
            Files.writeString(Path.of(directory, recordAs), history.toJson(true) + "\n");
        }
        return history;
    }

    private static List<EventType> types(WorkflowExecutionHistory history) {
        return history.getEvents().stream().map(HistoryEvent::getEventType).toList();
    }
}
