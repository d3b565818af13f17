package dev.graphlaunch.gateway.execution.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import dev.graphlaunch.gateway.execution.GraphExecutorPort;
import dev.graphlaunch.gateway.execution.GraphId;
import dev.graphlaunch.gateway.execution.GraphInvocation;
import dev.graphlaunch.gateway.execution.GraphResult;
import dev.graphlaunch.gateway.execution.UsageFact;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BILLING_PARITY against a real PostgreSQL: receipts per attempt, never twice for one attempt,
 * the same for every trigger, and usage without a unit id counted instead of billed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BillingIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("billing");
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("graphs.openai.enabled", "true"),
            ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
            ConfigOverride.config("graphs.openai.models.chat", "stub-model"),
            ConfigOverride.config("graphs.openai.prices.stub-model.inputPer1k", "0.5"),
            ConfigOverride.config("graphs.openai.prices.stub-model.outputPer1k", "1.5"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WorkerStandIn worker;
    private static String acme;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        acme = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
    }

    @AfterAll
    static void tearDown() {
        OPENAI.close();
    }

    private static String startApiRun(String graphId) {
        JsonNode accepted = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", graphId, "message", "hi"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())).json();
        String runId = accepted.path("runId").asText();
        worker.markStarted(accepted.path("workflowId").asText(), runId);
        return runId;
    }

    private static List<Map<String, Object>> receipts(String runId) {
        return jdbi.withHandle(h -> h.createQuery("select tenant_id, attempt, usage_unit_id, source_system,"
                        + " source_reference, graph_id, model, tokens_in, tokens_out, cost, credits, estimated"
                        + " from charge_receipts where run_id = cast(:id as uuid) order by attempt, id")
                .bind("id", runId).mapToMap().list());
    }

    @Test
    void replayedAttemptBillsOnceAndTheNextAttemptBillsAgain() {
        String runId = startApiRun("builtin:echo");

        assertThat(worker.execute("builtin:echo", runId, 1).json().path("status").asText()).isEqualTo("succeeded");
        assertThat(worker.execute("builtin:echo", runId, 1).json().path("status").asText()).isEqualTo("succeeded");
        assertThat(receipts(runId)).singleElement()
                .satisfies(r -> assertThat(r.get("source_reference")).isEqualTo(runId + "/1/builtin"));

        worker.execute("builtin:echo", runId, 2);
        assertThat(receipts(runId)).extracting(r -> r.get("source_reference"))
                .containsExactly(runId + "/1/builtin", runId + "/2/builtin");
        assertThat(http.get("/api/v1/runs/" + runId, acme).json().path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void theDecoratorBillsOneAttemptOnceHoweverOftenItRuns() {
        String runId = startApiRun("builtin:echo");
        GraphExecutorPort provider = invocation -> new GraphResult(MAPPER.createObjectNode(),
                List.of(new UsageFact("call-1", "test", "m", 3, 4, new BigDecimal("0.002"))));
        var billing = new BillingGraphExecutorDecorator(provider, jdbi.onDemand(ChargeReceiptDao.class), BigDecimal.valueOf(1000), new MetricRegistry());
        GraphInvocation attempt1 = invocation(runId, 1);

        billing.execute(attempt1);
        billing.execute(attempt1);
        billing.execute(invocation(runId, 2));

        assertThat(receipts(runId)).filteredOn(r -> "test".equals(r.get("source_system")))
                .extracting(r -> r.get("attempt"), r -> ((BigDecimal) r.get("credits")).stripTrailingZeros())
                .containsExactly(tuple(1, new BigDecimal("2")),
                        tuple(2, new BigDecimal("2")));
    }

    @Test
    void usageWithoutAUnitIdIsACountedViolationNotAReceipt() {
        String runId = startApiRun("builtin:echo");
        MetricRegistry metrics = new MetricRegistry();
        GraphExecutorPort provider = invocation -> new GraphResult(MAPPER.createObjectNode(), List.of(
                new UsageFact(null, "test", "m", 1, 1, BigDecimal.ONE),
                new UsageFact("ok-unit", "test", "m", 1, 1, BigDecimal.ONE)));
        var billing = new BillingGraphExecutorDecorator(provider, jdbi.onDemand(ChargeReceiptDao.class), BigDecimal.ONE, metrics);

        GraphResult result = billing.execute(invocation(runId, 1));

        assertThat(metrics.counter(BillingGraphExecutorDecorator.VIOLATIONS_METRIC).getCount()).isEqualTo(1);
        assertThat(receipts(runId)).extracting(r -> r.get("usage_unit_id")).containsExactly("ok-unit");
        assertThat(result.output().toString()).doesNotContain("ok-unit");
        assertThat(APP.getEnvironment().metrics().getCounters()).containsKey(BillingGraphExecutorDecorator.VIOLATIONS_METRIC);
    }

    @Test
    void usageReportedWithAFailureIsBilledAndTheFailureStands() {
        String runId = startApiRun("builtin:echo");
        GraphExecutorPort provider = invocation -> {
            throw new GraphExecutionException(ErrorCode.PROVIDER_UNAVAILABLE, "broke off", true,
                    List.of(new UsageFact("call-1", "test", "m", 10, 2, BigDecimal.TEN, true)));
        };
        var billing = new BillingGraphExecutorDecorator(provider, jdbi.onDemand(ChargeReceiptDao.class), BigDecimal.ONE, new MetricRegistry());

        GraphExecutionException failure = catchThrowableOfType(GraphExecutionException.class,
                () -> billing.execute(invocation(runId, 1)));

        assertThat(failure.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(receipts(runId)).singleElement().satisfies(r -> assertThat(r.get("estimated")).isEqualTo(true));
    }

    @Test
    void apiAndScheduledRunsOfOneGraphGetReceiptsOfTheSameShape() {
        String apiRun = startApiRun("builtin:echo");
        String scheduledRun = worker.startScheduled("acme", "builtin:echo", MAPPER.createObjectNode(), "nightly",
                "2026-11-25T03:00:00Z");
        worker.runToEnd("builtin:echo", apiRun, 3);
        worker.runToEnd("builtin:echo", scheduledRun, 3);

        Map<String, Object> api = receipts(apiRun).get(0);
        Map<String, Object> scheduled = receipts(scheduledRun).get(0);
        assertThat(receipts(apiRun)).hasSize(1);
        assertThat(receipts(scheduledRun)).hasSize(1);
        assertThat(withoutReference(scheduled)).isEqualTo(withoutReference(api));
        assertThat(scheduled.get("source_reference")).isEqualTo(scheduledRun + "/1/builtin");
    }

    @Test
    void aKilledInternalCallMovesTheRunToAttempt2AndEachAttemptIsBilledOnce() throws Exception {
        JsonNode accepted = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", "builtin:echo", "message", "slow",
                "input", Map.of("delayMs", 2000)), Map.of("Idempotency-Key", "k-" + UUID.randomUUID())).json();
        String runId = accepted.path("runId").asText();
        worker.markStarted(accepted.path("workflowId").asText(), runId);

        hangUpMidCall("builtin:echo", runId, 1);
        // The activity's retry of attempt 1 finds it begun and unfinished: interrupted, so attempt 2 runs.
        assertThat(worker.execute("builtin:echo", runId, 1).json().path("status").asText()).isEqualTo("interrupted");
        assertThat(worker.runToEndFrom("builtin:echo", runId, 2, 3)).isEqualTo(2);

        // Attempt 1 kept running in the gateway after the caller left and bills what it used, once.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receipts(runId).size() == 2);
        assertThat(receipts(runId)).extracting(r -> r.get("source_reference"))
                .containsExactlyInAnyOrder(runId + "/1/builtin", runId + "/2/builtin");
        assertThat(http.get("/api/v1/runs/" + runId, acme).json().path("status").asText()).isEqualTo("succeeded");
    }

    /** Sends the execute call on a raw socket and closes it while the graph runs, as a dying worker does. */
    private static void hangUpMidCall(String graphId, String runId, int attempt) throws Exception {
        byte[] body = HttpJson.toJson(new ExecuteAttempt(runId, attempt))
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", InternalApiPort.of(APP))) {
            String head = "POST " + InternalApi.executeAttempt(graphId) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + InternalApi.SERVICE_TOKEN_HEADER + ": "
                    + WorkerStandIn.SERVICE_TOKEN + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    jdbi.withHandle(h -> h.createQuery("select count(*) from graph_run_attempts"
                            + " where run_id = cast(:id as uuid) and status = 'running'")
                            .bind("id", runId).mapTo(Long.class).one()) == 1);
        }
    }

    @Test
    void providerFailingOnceWith503SucceedsOnAttempt2BilledForWhatEachAttemptUsed() {
        OPENAI.script(FakeOpenAi.error(503, "server_error", null, "overloaded"),
                FakeOpenAi.stream("Hello!", 20, 5));
        String runId = startApiRun("openai:chat");

        assertThat(worker.runToEnd("openai:chat", runId, 5)).isEqualTo(2);

        JsonNode run = http.get("/api/v1/runs/" + runId, acme).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("attempt").asInt()).isEqualTo(2);
        assertThat(run.path("output").path("reply").asText()).isEqualTo("Hello!");
        // The 503 consumed nothing, so attempt 1 has no receipt; attempt 2 has exactly one.
        assertThat(receipts(runId)).singleElement().satisfies(r -> {
            assertThat(r.get("attempt")).isEqualTo(2);
            assertThat(r.get("tokens_in")).isEqualTo(20L);
            assertThat(r.get("tokens_out")).isEqualTo(5L);
            assertThat((BigDecimal) r.get("cost")).isEqualByComparingTo("0.0175");
        });
    }

    @Test
    void aStreamThatBrokeOffIsBilledAsAnEstimateAndTheRetryExactly() {
        OPENAI.script(FakeOpenAi.brokenAfter("Hello wor"), FakeOpenAi.stream("Hello world", 8, 3));
        String runId = startApiRun("openai:chat");

        assertThat(worker.runToEnd("openai:chat", runId, 5)).isEqualTo(2);

        assertThat(receipts(runId)).extracting(r -> r.get("attempt"), r -> r.get("estimated"))
                .containsExactly(tuple(1, true),
                        tuple(2, false));
    }

    @Test
    void providerBadRequestFailsTheRunAtOnceWithInvalidRequest() {
        OPENAI.script(FakeOpenAi.error(400, "invalid_request_error", null, "bad messages"));
        String runId = startApiRun("openai:chat");

        assertThat(worker.runToEnd("openai:chat", runId, 5)).isEqualTo(1);

        JsonNode run = http.get("/api/v1/runs/" + runId, acme).json();
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(receipts(runId)).isEmpty();
    }

    private static GraphInvocation invocation(String runId, int attempt) {
        return new GraphInvocation(UUID.fromString(runId), attempt, "acme", GraphId.parse("builtin:echo"),
                MAPPER.createObjectNode());
    }

    private static Map<String, Object> withoutReference(Map<String, Object> receipt) {
        Map<String, Object> shape = new HashMap<>(receipt);
        shape.remove("source_reference");
        return shape;
    }

}
