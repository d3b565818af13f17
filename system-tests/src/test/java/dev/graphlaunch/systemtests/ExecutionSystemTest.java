package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunResult;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunKind;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.contracts.workflow.TriggerSources;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.SseClient;
import dev.graphlaunch.devstack.SseClient.Event;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.systemtests.support.GitHubSender;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
    private static SystemUnderTest system;
    private static ApiKeys.IssuedKey key;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll(
                ConfigOverride.config("graphs.openai.enabled", "true"),
                ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
                ConfigOverride.config("graphs.openai.models.chat", "stub-model"),
                ConfigOverride.config("graphs.openai.prices.stub-model.inputPer1k", "0.5"),
                ConfigOverride.config("graphs.openai.prices.stub-model.outputPer1k", "1.5"),
                // The same graph for every trigger, so their receipts can be compared.
                ConfigOverride.config("githubWebhook.graph", "openai:chat"));
        key = new ApiKeys(system.jdbi()).issue("acme", "app@acme.test",
                List.of("runs:write", "runs:read", "usage:read", "*"), "system test");
    }

    @AfterAll
    static void stop() {
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

    /**
     * What a Temporal Schedule's action does, started by hand: GraphRunWorkflow with a scheduled
     * run's input and no run id, so its first activity creates the run record. (The schedule
     * grant policy is not on main yet, so the run is granted by an API key of the tenant.)
     */
    private static String startAsScheduled(String scheduleId) {
        Instant now = Instant.now();
        GraphRunInput input = new GraphRunInput("acme", "openai:chat", MAPPER.createObjectNode()
                .set("messages", MAPPER.createArrayNode().add(MAPPER.createObjectNode()
                        .put("role", "user").put("content", "nightly report"))),
                RunKind.SYSTEM_SCHEDULED, TriggerSources.TEMPORAL_SCHEDULE, scheduleId, "ops@acme",
                "apikey:" + key.id(), null);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forSchedule("acme", scheduleId) + "-" + now)
                .setTaskQueue(TaskQueues.GRAPH_RUNS)
                .setTypedSearchAttributes(RunSearchAttributes.of(input))
                .build();
        GraphRunWorkflow workflow = system.temporalClient().newWorkflowStub(GraphRunWorkflow.class, options);
        GraphRunResult result = WorkflowClient.execute(workflow::run, input).join();
        return result.runId();
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
        String scheduledRun = startAsScheduled("nightly-" + UUID.randomUUID().toString().substring(0, 8));
        JsonNode scheduled = system.awaitRun(scheduledRun, key.key(), "succeeded");
        String webhookRun = deliverCiFailure();
        JsonNode webhook = system.awaitRun(webhookRun, key.key(), "succeeded");

        assertThat(scheduled.path("runKind").asText()).isEqualTo("system_scheduled");
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
