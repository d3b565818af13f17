package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.SseClient.Event;
import dev.graphlaunch.devstack.SseClient;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.systemtests.support.GitHubSender;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The execution layer through the whole system (real Temporal, worker, gateway, PostgreSQL) with
 * an {@code openai:} graph pointed at a local server that speaks the OpenAI streaming format.
 */
class ExecutionSystemTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    /** Unique per run: Temporal (and its schedules) is shared by every system test class. */
    private static final String SCHEDULE = "parity-" + UUID.randomUUID().toString().substring(0, 8);
    private static SystemUnderTest system;
    private static ApiKeys.IssuedKey key;
    private static String admin;
    private static Path schedulesFile;

    @BeforeAll
    static void start() throws IOException {
        // Once a year: it fires here only when triggered through the admin API.
        schedulesFile = Files.createTempFile("schedules", ".yml");
        Files.writeString(schedulesFile, "schedules:\n  - id: " + SCHEDULE + "\n    tenant: acme\n"
                + "    graph: openai:chat\n    cron: \"0 0 1 1 *\"\n    owner: reports@acme.test\n"
                + "    input: {messages: [{role: user, content: nightly report}]}\n");
        system = SystemUnderTest.startAll(
                ConfigOverride.config("schedules.file", schedulesFile.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true"),
                ConfigOverride.config("graphs.openai.enabled", "true"),
                ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
                ConfigOverride.config("graphs.openai.models.chat", "stub-model"),
                ConfigOverride.config("graphs.openai.prices.stub-model.inputPer1k", "0.5"),
                ConfigOverride.config("graphs.openai.prices.stub-model.outputPer1k", "1.5"),
                // The same graph for every trigger, so their receipts can be compared.
                ConfigOverride.config("githubWebhook.graph", "openai:chat"));
        key = new ApiKeys(system.jdbi().onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test",
                List.of("runs:write", "runs:read", "usage:read", "*"), "system test");
        admin = system.issueKey("acme", "oncall@acme.test", "admin");
        await().atMost(WAIT).until(() -> system.count("select count(*) from schedule_declarations") == 1);
    }

    @AfterAll
    static void stop() throws IOException {
        // Leave the shared Temporal server without our schedule.
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

    private static String chat(String message) {
        Reply accepted = system.http().postJson("/api/v1/ai/chat", key.key(),
                Map.of("graphId", "openai:chat", "message", message), Map.of("Idempotency-Key", "k-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("runId").asText();
    }

    private static List<Map<String, Object>> receipts(String runId) {
        return system.jdbi().withHandle(h -> h.createQuery("select tenant_id, attempt, usage_unit_id, source_system,"
                        + " graph_id, model, tokens_in, tokens_out, cost, credits, estimated"
                        + " from charge_receipts where run_id = cast(:id as uuid) order by attempt")
                .bind("id", runId).mapToMap().list());
    }

    /** Fires the declared schedule now, through the admin API and the real Temporal Schedule. */
    private static String triggerSchedule() {
        Reply triggered = system.http().postJson("/api/v1/admin/schedules/" + SCHEDULE + "/trigger", admin, Map.of(), Map.of());
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        String runIds = "select id::text from graph_runs where trigger_ref like :prefix";
        await().atMost(WAIT).until(() -> system.jdbi().withHandle(h -> h.createQuery(runIds)
                .bind("prefix", SCHEDULE + "@%").mapTo(String.class).list()).size() == 1);
        return system.jdbi().withHandle(h -> h.createQuery(runIds).bind("prefix", SCHEDULE + "@%")
                .mapTo(String.class).one());
    }

    private static Map<String, Object> shape(Map<String, Object> receipt) {
        Map<String, Object> shape = new HashMap<>(receipt);
        shape.replaceAll((column, value) -> value instanceof java.math.BigDecimal decimal ? decimal.stripTrailingZeros() : value);
        return shape;
    }

    /** A signed GitHub failure delivery, for a workflow run of its own (Temporal is shared between test classes). */
    private static String deliverCiFailure() {
        byte[] body = new String(GitHubSender.fixture("workflow_run.completed.failure.json"), StandardCharsets.UTF_8)
                .replace("\"id\": 289782451,", "\"id\": " + (500_000_000L + new Random().nextInt(1_000_000_000)) + ",")
                .getBytes(StandardCharsets.UTF_8);
        Reply accepted = GitHubSender.deliver(system.http(), body, "workflow_run", UUID.randomUUID().toString());
        assertThat(accepted.json().path("outcome").asText()).as(accepted.body()).isEqualTo("started");
        return accepted.json().path("runId").asText();
    }

    @Test
    void oneGraphRunByApiScheduleAndWebhookWritesOneReceiptOfTheSameShapeEach() {
        OPENAI.always(FakeOpenAi.stream("same answer", 30, 12));
        String apiRun = chat("nightly report");
        system.awaitRun(apiRun, key.key(), "succeeded");
        String scheduledRun = triggerSchedule();
        JsonNode scheduled = system.awaitRun(scheduledRun, key.key(), "succeeded");
        String webhookRun = deliverCiFailure();
        JsonNode webhook = system.awaitRun(webhookRun, key.key(), "succeeded");

        assertThat(scheduled.path("runKind").asText()).isEqualTo("system_scheduled");
        assertThat(scheduled.path("triggerSource").asText()).isEqualTo("temporal_schedule");
        assertThat(webhook.path("runKind").asText()).isEqualTo("system_webhook");
        for (String runId : List.of(apiRun, scheduledRun, webhookRun)) {
            assertThat(receipts(runId)).as(runId).hasSize(1);
            assertThat(shape(receipts(runId).get(0))).as(runId).isEqualTo(shape(receipts(apiRun).get(0)));
        }
        assertThat(receipts(apiRun).get(0).get("tokens_in")).isEqualTo(30L);
    }

    @Test
    void providerFailingOnceWith503SucceedsOnAttempt2() {
        OPENAI.script(FakeOpenAi.error(503, "server_error", null, "overloaded"), FakeOpenAi.stream("second time lucky", 7, 4));
        String runId = chat("try twice");

        JsonNode run = system.awaitRun(runId, key.key(), "succeeded");

        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(run.path("output").path("reply").asText()).isEqualTo("second time lucky");
        // A 503 consumed nothing: only attempt 2 is billed, once.
        assertThat(receipts(runId)).extracting(r -> r.get("attempt")).containsExactly(2);
    }

    @Test
    void aStreamBrokenOffInAttempt1IsBilledForWhatItUsedAndAttempt2ForItsOwn() {
        OPENAI.script(FakeOpenAi.brokenAfter("half an ans"), FakeOpenAi.stream("a whole answer", 7, 4));
        String runId = chat("break then work");

        JsonNode run = system.awaitRun(runId, key.key(), "succeeded");

        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(receipts(runId)).extracting(r -> r.get("attempt"), r -> r.get("estimated"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, false));
    }

    @Test
    void providerBadRequestFailsTheRunAtOnceWithInvalidRequest() {
        OPENAI.script(FakeOpenAi.error(400, "invalid_request_error", null, "bad request"));
        String runId = chat("refused");

        JsonNode run = system.awaitRun(runId, key.key(), "failed");

        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(receipts(runId)).isEmpty();
    }

    @Test
    void streamedEventsReassembleToTheOutputAndResumeFromLastEventId() throws Exception {
        String text = "Tokens arrive one chunk at a time, and the stream can be resumed.";
        OPENAI.script(FakeOpenAi.stream(text, 11, 20, 60));
        String runId = chat("stream it");
        URI events = system.uri("/api/v1/runs/" + runId + "/events");
        List<Event> seen = new ArrayList<>();

        try (SseClient first = SseClient.connect(events, key.key(), null)) {
            for (int i = 0; i < 5; i++) {
                seen.add(first.next(WAIT));
            }
        }
        try (SseClient second = SseClient.connect(events, key.key(), Long.toString(seen.get(4).id()))) {
            seen.addAll(second.untilClosed(WAIT));
        }

        assertThat(seen).extracting(Event::id).isEqualTo(LongStream.rangeClosed(1, seen.size()).boxed().toList());
        StringBuilder deltas = new StringBuilder();
        for (Event event : seen) {
            if (event.type().equals("delta")) {
                deltas.append(MAPPER.readTree(event.data()).path("text").asText());
            }
        }
        JsonNode run = system.http().get("/api/v1/runs/" + runId, key.key()).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(deltas.toString()).isEqualTo(run.path("output").path("reply").asText()).isEqualTo(text);
    }

    @Test
    void aClientThatHangsUpMidStreamLeavesTheRunToCompleteAndBeBilled() throws Exception {
        OPENAI.script(FakeOpenAi.stream("this keeps going after the client leaves", 5, 14, 80));
        String runId = chat("leave early");
        URI events = system.uri("/api/v1/runs/" + runId + "/events");

        try (SseClient client = SseClient.connect(events, key.key(), null)) {
            assertThat(client.next(WAIT)).isNotNull();
        }

        system.awaitRun(runId, key.key(), "succeeded");
        assertThat(receipts(runId)).hasSize(1);
    }
}
