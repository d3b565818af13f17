package dev.graphlaunch.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.SseClient;
import dev.graphlaunch.devstack.SseClient.Event;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9.6: SSE consumers that stop reading, and too many consumers. The connector keeps its
 * default 30 s idle timeout, so a stalled write is not cut short for us.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunEventStreamIsolationIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("stream_isolation");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("events.pollInterval", "100ms"),
            ConfigOverride.config("events.heartbeatInterval", "500ms"),
            ConfigOverride.config("events.stallTimeout", "2s"),
            ConfigOverride.config("events.maxStreamsPerTenant", "3"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WorkerStandIn worker;
    private static RunEventLog log;
    private static String acme;
    private static String globex;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        log = new RunEventLog(jdbi.onDemand(RunEventDao.class));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        acme = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
        globex = keys.issue("globex", "app@globex.test", List.of("runs:write", "runs:read", "*"), "").key();
    }

    private static String newRun(String key) {
        Reply accepted = http.postJson("/api/v1/ai/chat", key, Map.of("graphId", "builtin:echo", "message", "hi"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("runId").asText();
    }

    /** Events as big as a chatty graph's, enough to fill every socket buffer between us and a stalled reader. */
    private static void appendBigEvents(String runId, int count) {
        String text = "x".repeat(16 * 1024);
        for (int i = 0; i < count; i++) {
            log.append(UUID.fromString(runId), "delta", MAPPER.createObjectNode().put("text", text).put("i", i));
        }
    }

    /** An SSE request from a client that then never reads a byte, with a tiny receive window. */
    private static Socket stalledStream(String runId, String key) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress("127.0.0.1", APP.getLocalPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/runs/" + runId + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer " + key + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static SseClient stream(String runId, String key) {
        return SseClient.connect(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/runs/" + runId + "/events"),
                key, null);
    }

    @Test
    void aConsumerThatStopsReadingDoesNotDelayAnotherStream() throws Exception {
        String flooded = newRun(globex);
        appendBigEvents(flooded, 600);
        try (Socket stalled = stalledStream(flooded, globex)) {
            // Let the poller reach the stalled client and fill the buffers towards it.
            Thread.sleep(1000);
            String healthy = newRun(acme);
            try (SseClient client = stream(healthy, acme)) {
                assertThat(client.status()).isEqualTo(200);
                long started = System.nanoTime();
                worker.finish(healthy, new FinishRun(RunStatus.SUCCEEDED, MAPPER.createObjectNode().put("reply", "ok"), null, null));

                List<Event> events = client.untilClosed(Duration.ofSeconds(5));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(events).extracting(Event::type).containsExactly("status");
                assertThat(took).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    /** An SSE request whose refusal we want to read whole (SseClient only keeps status and type). */
    private static HttpResponse<String> streamRequest(String runId, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTenantsOpenStreamsAreCappedWithA429ProblemWhileOtherTenantsStillStream() throws Exception {
        // A tenant of its own: streams other tests of this class left open (a stalled reader) must not count.
        String capped = new ApiKeys(jdbi.onDemand(ApiKeyDao.class))
                .issue("initech", "app@initech.test", List.of("runs:write", "runs:read", "*"), "").key();
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseClient client = stream(newRun(capped), capped);
                assertThat(client.status()).isEqualTo(200);
                open.add(client);
            }

            HttpResponse<String> refused = streamRequest(newRun(capped), capped);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(MAPPER.readTree(refused.body()).path("type").asText()).isEqualTo("/problems/too-many-streams");
            assertThat(MAPPER.readTree(refused.body()).path("detail").asText()).contains("3 open event streams");
            try (SseClient other = stream(newRun(globex), globex)) {
                assertThat(other.status()).isEqualTo(200);
            }

            // A client that hangs up frees its slot once the next keep-alive finds it gone.
            open.remove(0).close();
            String run = newRun(capped);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try (SseClient again = stream(run, capped)) {
                    return again.status() == 200;
                }
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }
}
