package dev.graphlaunch.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.SseClient.Event;
import dev.graphlaunch.devstack.SseClient;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run's events over JSON and SSE, read by real HTTP clients. The connector's idle timeout is 1 s
 * here, shorter than the runs, to prove neither a long attempt nor a quiet stream is cut off.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunEventsIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DB_URL = TestDatabases.fresh("events");
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "1s"),
            ConfigOverride.config("events.pollInterval", "100ms"),
            ConfigOverride.config("events.heartbeatInterval", "500ms"),
            ConfigOverride.config("graphs.openai.enabled", "true"),
            ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
            ConfigOverride.config("graphs.openai.models.chat", "stub-model"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WorkerStandIn worker;
    private static String acme;
    private static String globex;
    private static String writeOnly;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(base());
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        acme = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
        globex = keys.issue("globex", "app@globex.test", List.of("runs:write", "runs:read", "*"), "").key();
        writeOnly = keys.issue("acme", "writer@acme.test", List.of("runs:write", "*"), "").key();
    }

    @AfterAll
    static void tearDown() {
        OPENAI.close();
    }

    private static URI base() {
        return URI.create("http://127.0.0.1:" + APP.getLocalPort());
    }

    private static String startRun(String graphId, Map<String, Object> input) {
        JsonNode accepted = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", graphId, "message", "hi", "input", input),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())).json();
        String runId = accepted.path("runId").asText();
        worker.markStarted(accepted.path("workflowId").asText(), runId);
        return runId;
    }

    private static CompletableFuture<Integer> runInBackground(String graphId, String runId) {
        return CompletableFuture.supplyAsync(() -> worker.runToEnd(graphId, runId, 3));
    }

    private static SseClient stream(String runId, String key, String lastEventId) {
        return SseClient.connect(base().resolve("/api/v1/runs/" + runId + "/events"), key, lastEventId);
    }

    private static String deltas(List<Event> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
            if (event.type().equals("delta")) {
                text.append(MAPPER.readTree(event.data()).path("text").asText());
            }
        }
        return text.toString();
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void finishedRunsEventsAreAJsonListInOrderAndResumeAfterASeq() {
        String runId = startRun("builtin:echo", Map.of());
        worker.runToEnd("builtin:echo", runId, 3);

        Reply page = http.get("/api/v1/runs/" + runId + "/events", acme);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("application/json");
        JsonNode items = page.json().path("items");
        assertThat(items).extracting(item -> item.path("type").asText()).containsExactly("status", "final", "status");
        assertThat(items).extracting(item -> item.path("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(items.get(0).path("data").path("attempt").asInt()).isEqualTo(1);
        assertThat(items.get(2).path("data").path("status").asText()).isEqualTo("succeeded");
        assertThat(page.json().path("complete").asBoolean()).isTrue();

        JsonNode rest = http.get("/api/v1/runs/" + runId + "/events?after=1", acme).json();
        assertThat(rest.path("items")).extracting(item -> item.path("seq").asLong()).containsExactly(2L, 3L);
        assertThat(rest.path("next").asLong()).isEqualTo(3);
    }

    @Test
    void sseFollowsALiveRunToItsEndAndTheDeltasReassembleToTheOutput() throws Exception {
        OPENAI.script(FakeOpenAi.stream("The quick brown fox jumps over the lazy dog.", 9, 11, 40));
        String runId = startRun("openai:chat", Map.of());

        try (SseClient client = stream(runId, acme, null)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.contentType()).isEqualTo("text/event-stream");
            CompletableFuture<Integer> run = runInBackground("openai:chat", runId);
            List<Event> events = client.untilClosed(WAIT);

            assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(ids(events)).isEqualTo(oneTo(events.size()));
            JsonNode output = http.get("/api/v1/runs/" + runId, acme).json().path("output");
            assertThat(deltas(events)).isEqualTo(output.path("reply").asText())
                    .isEqualTo("The quick brown fox jumps over the lazy dog.");
            Event last = events.get(events.size() - 1);
            assertThat(last.type()).isEqualTo("status");
            assertThat(MAPPER.readTree(last.data()).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesWithoutGapsOrRepeats() throws Exception {
        OPENAI.script(FakeOpenAi.stream("Streaming is resumable from the last event id.", 5, 16, 40));
        String runId = startRun("openai:chat", Map.of());
        List<Event> seen = new ArrayList<>();

        CompletableFuture<Integer> run;
        try (SseClient first = stream(runId, acme, null)) {
            run = runInBackground("openai:chat", runId);
            for (int i = 0; i < 4; i++) {
                seen.add(first.next(WAIT));
            }
        }
        try (SseClient second = stream(runId, acme, Long.toString(seen.get(seen.size() - 1).id()))) {
            seen.addAll(second.untilClosed(WAIT));
        }

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids(seen)).isEqualTo(oneTo(seen.size()));
        JsonNode all = http.get("/api/v1/runs/" + runId + "/events", acme).json().path("items");
        assertThat(seen).hasSize(all.size());
        assertThat(deltas(seen)).isEqualTo("Streaming is resumable from the last event id.");
    }

    @Test
    void aClientThatHangsUpDoesNotStopTheRunAndItIsStillBilled() throws Exception {
        String runId = startRun("builtin:echo", Map.of("delayMs", 2500));

        CompletableFuture<Integer> run;
        try (SseClient client = stream(runId, acme, null)) {
            run = runInBackground("builtin:echo", runId);
            assertThat(client.next(WAIT).type()).isEqualTo("status");
        }

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(http.get("/api/v1/runs/" + runId, acme).json().path("status").asText()).isEqualTo("succeeded");
        long receipts = jdbi.withHandle(h -> h.createQuery("select count(*) from charge_receipts where run_id = cast(:id as uuid)")
                .bind("id", runId).mapTo(Long.class).one());
        assertThat(receipts).isEqualTo(1);
    }

    @Test
    void anAttemptLongerThanTheConnectorIdleTimeoutIsNotCutOffNorIsItsQuietStream() throws Exception {
        var connector = (HttpConnectorFactory) ((DefaultServerFactory) APP.getConfiguration().getServerFactory())
                .getApplicationConnectors().get(0);
        assertThat(connector.getIdleTimeout().toMilliseconds()).isEqualTo(1000);
        String runId = startRun("builtin:echo", Map.of("delayMs", 3000));

        try (SseClient client = stream(runId, acme, null)) {
            Reply attempt = worker.execute("builtin:echo", runId, 1);
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.json().path("status").asText()).isEqualTo("succeeded");
            worker.runToEnd("builtin:echo", runId, 1);
            assertThat(client.untilClosed(WAIT)).extracting(Event::type).containsExactly("status", "final", "status");
        }
    }

    @Test
    void eventsAreTenantScopedAndNeedRunsRead() {
        String runId = startRun("builtin:echo", Map.of());
        assertThat(http.get("/api/v1/runs/" + runId + "/events", globex).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/runs/" + runId + "/events", writeOnly).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/runs/" + runId + "/events?after=-1", acme).status()).isEqualTo(400);
        try (SseClient other = stream(runId, globex, null)) {
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.contentType()).startsWith("application/problem+json");
        }
    }
}
