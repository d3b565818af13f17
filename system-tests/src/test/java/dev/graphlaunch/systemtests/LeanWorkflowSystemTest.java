package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one run costs Temporal (issue 10.2), read from the real history of real runs: on the happy
 * path at most 15 events and 2 activity tasks. With {@code -Dgraphlaunch.recordHistories=DIR} it
 * also writes the histories the worker's replay test keeps (worker/src/test/resources/histories):
 * <pre>mvn -B -o verify -pl system-tests -am -Dtest=LeanWorkflowSystemTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dgraphlaunch.recordHistories=$PWD/worker/src/test/resources/histories</pre>
 */
class LeanWorkflowSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_EVENTS = 15;
    private static final int MAX_ACTIVITY_TASKS = 2;
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static final String SCHEDULE = "lean-" + UUID.randomUUID().toString().substring(0, 8);
    private static SystemUnderTest system;
    private static String client;
    private static String admin;
    private static Path schedulesFile;

    @BeforeAll
    static void start() throws IOException {
        schedulesFile = Files.createTempFile("schedules", ".yml");
        Files.writeString(schedulesFile, "schedules:\n  - id: " + SCHEDULE + "\n    tenant: acme\n"
                + "    graph: builtin:echo\n    cron: \"0 0 1 1 *\"\n    owner: reports@acme.test\n"
                + "    input: {messages: [{role: user, content: nightly}]}\n");
        system = SystemUnderTest.startAll(
                ConfigOverride.config("schedules.file", schedulesFile.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true"),
                ConfigOverride.config("graphs.openai.enabled", "true"),
                ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
                ConfigOverride.config("graphs.openai.models.chat", "stub-model"));
        client = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "*");
        admin = system.issueKey("acme", "oncall@acme.test", "admin");
        await().atMost(WAIT).until(() -> system.count("select count(*) from schedule_declarations") == 1);
    }

    @AfterAll
    static void stop() throws IOException {
        Files.writeString(schedulesFile, "schedules: []\n");
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        WorkflowServiceStubs stubs = factory.buildStubs();
        new ScheduleApplier(new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(null))),
                new TemporalSchedules(factory.buildScheduleClient(stubs)), system.jdbi()).apply(schedulesFile, line -> {});
        stubs.shutdown();
        Files.deleteIfExists(schedulesFile);
        system.close();
        OPENAI.close();
    }

    @Test
    void aHappyApiRunCostsAtMostFifteenEventsAndOneActivityTask() throws IOException {
        String workflowId = chat("builtin:echo", "hello");

        List<EventType> events = types(historyOf(workflowId, "lean-api-run.json"));

        assertThat(events.size()).as("%s", events).isLessThanOrEqualTo(MAX_EVENTS);
        assertThat(events).filteredOn(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals)
                .hasSizeLessThanOrEqualTo(MAX_ACTIVITY_TASKS).hasSize(1);
        // The version marker and the two local activities (begin, finish) are markers, not tasks.
        assertThat(events).filteredOn(EventType.EVENT_TYPE_MARKER_RECORDED::equals).hasSize(3);
        assertThat(events).filteredOn(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED::equals).hasSize(2);
        assertThat(events.get(events.size() - 1)).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    }

    @Test
    void aHappyScheduledRunCreatesItsRecordWithinFifteenEvents() throws IOException {
        Reply triggered = system.http().postJson("/api/v1/admin/schedules/" + SCHEDULE + "/trigger", admin, Map.of(),
                Map.of());
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> system.count("select count(*) from graph_runs where trigger_ref like ?"
                + " and status = 'succeeded'", SCHEDULE + "@%") == 1);
        String workflowId = system.jdbi().withHandle(h -> h.createQuery(
                "select workflow_id from graph_runs where trigger_ref like :ref").bind("ref", SCHEDULE + "@%")
                .mapTo(String.class).one());

        List<EventType> events = types(historyOf(workflowId, "lean-scheduled-run.json"));

        assertThat(events.size()).as("%s", events).isLessThanOrEqualTo(MAX_EVENTS);
        assertThat(events).filteredOn(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals).hasSize(1);
        assertThat(events).contains(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    }

    @Test
    void aRunRetriedOnceAddsOneAttemptAndOneTimer() throws IOException {
        OPENAI.script(FakeOpenAi.error(503, "server_error", null, "overloaded"), FakeOpenAi.stream("lucky", 3, 2));
        String workflowId = chat("openai:chat", "try twice");

        List<EventType> events = types(historyOf(workflowId, "lean-api-run-retried-once.json"));

        assertThat(events).filteredOn(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED::equals).hasSize(2);
        assertThat(events).filteredOn(EventType.EVENT_TYPE_TIMER_STARTED::equals).hasSize(1);
        assertThat(system.count("select count(*) from graph_runs where workflow_id = ? and attempt = 2"
                + " and output->>'reply' = 'lucky'", workflowId)).isEqualTo(1);
    }

    /** Starts a run through the public API and waits until it succeeded; @return its workflow id */
    private static String chat(String graphId, String message) {
        Reply accepted = system.http().postJson("/api/v1/ai/chat", client, Map.of("graphId", graphId, "message", message),
                Map.of("Idempotency-Key", "lean-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        system.awaitRun(accepted.json().path("runId").asText(), client, "succeeded");
        return accepted.json().path("workflowId").asText();
    }

    /** The closed workflow's history; written to the recording directory when one is set. */
    private static WorkflowExecutionHistory historyOf(String workflowId, String recordAs) throws IOException {
        await().atMost(WAIT).until(() -> system.executionsOf(workflowId).stream().allMatch(info -> info.hasCloseTime()));
        WorkflowExecutionHistory history = system.temporalClient().fetchHistory(workflowId);
        String directory = System.getProperty("graphlaunch.recordHistories");
        if (directory != null && !directory.isBlank()) {
            Files.writeString(Path.of(directory, recordAs), history.toJson(true) + "\n");
        }
        return history;
    }

    private static List<EventType> types(WorkflowExecutionHistory history) {
        return history.getEvents().stream().map(HistoryEvent::getEventType).toList();
    }
}
