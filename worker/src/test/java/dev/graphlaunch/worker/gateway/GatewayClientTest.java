package dev.graphlaunch.worker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the client against a stand-in gateway speaking the real wire protocol: JSON and problem+json. */
class GatewayClientTest {
    private static final String TOKEN = "test-service-token";
    private static final String RUN_ID = "3f0c6a52-7d1e-4c8e-9a55-0d0f3d0b8a11";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private GatewayClient client;
    private volatile Recorded last;

    private record Recorded(String method, String rawTarget, String token, String contentType, String accept, JsonNode body) {}

    @BeforeEach
    void startStandInGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        client = new GatewayClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), TOKEN,
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stopStandInGateway() {
        server.stop(0);
    }

    @Test
    void recordRunStartedPutsTheRequestWithServiceTokenAndParsesTheRecord() {
        answer(200, "application/json", "{\"runId\":\"" + RUN_ID + "\",\"status\":\"running\",\"attempt\":0,\"extra\":true}");
        GraphRunInput input = new GraphRunInput("acme", "builtin:echo", null, RunKind.SYSTEM_SCHEDULED,
                TriggerSource.TEMPORAL_SCHEDULE, "nightly", "ops@acme", "schedule:nightly", null);
        String workflowId = "graph-run:acme:schedule:nightly-2026-11-25T17:00:00Z";

        RunRecord record = client.recordRunStarted(new RecordRunStarted(workflowId, "schedule:nightly:2026-11-25T17:00:00Z",
                "nightly@2026-11-25T17:00:00Z", null, input));

        assertThat(record).isEqualTo(new RunRecord(RUN_ID, RunStatus.RUNNING, 0));
        assertThat(last.method()).isEqualTo("PUT");
        assertThat(last.rawTarget()).isEqualTo(InternalApi.runByWorkflow(workflowId));
        assertThat(last.token()).isEqualTo(TOKEN);
        assertThat(last.contentType()).isEqualTo("application/json");
        assertThat(last.accept()).isEqualTo("application/json");
        assertThat(last.body().get("workflowId").asText()).isEqualTo(workflowId);
        assertThat(last.body().at("/run/runKind").asText()).isEqualTo("system_scheduled");
    }

    @Test
    void executeAttemptPostsRunIdAndAttemptAndParsesTheResult() {
        answer(200, "application/json", "{\"status\":\"succeeded\",\"output\":{\"text\":\"hi\"},\"retryable\":false}");

        AttemptResult result = client.executeAttempt("builtin:echo", new ExecuteAttempt(RUN_ID, 2));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output().get("text").asText()).isEqualTo("hi");
        assertThat(last.method()).isEqualTo("POST");
        assertThat(last.rawTarget()).isEqualTo("/api/internal/graphs/builtin%3Aecho/runs");
        assertThat(last.body().get("runId").asText()).isEqualTo(RUN_ID);
        assertThat(last.body().get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void checkGrantPostsAnEmptyObject() {
        answer(200, "application/json", "{\"allowed\":false,\"reason\":\"api key revoked\"}");

        GrantDecision decision = client.checkGrant(RUN_ID);

        assertThat(decision).isEqualTo(GrantDecision.deny("api key revoked"));
        assertThat(last.rawTarget()).isEqualTo(InternalApi.grantCheck(RUN_ID));
        assertThat(last.body().isObject()).isTrue();
        assertThat(last.body().size()).isZero();
    }

    @Test
    void unauthorizedIsANonRetryableAuthFailureWithoutTheToken() {
        answer(401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"bad service token\"}");

        ApplicationFailure failure = applicationFailure(catchThrowable(() -> client.checkGrant(RUN_ID)));

        assertThat(failure.getType()).isEqualTo(GatewayFailures.AUTH_REJECTED);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("401", "bad service token").doesNotContain(TOKEN);
    }

    @Test
    void notFoundIsANonRetryableRunNotFound() {
        answer(404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");

        ApplicationFailure failure = applicationFailure(
                catchThrowable(() -> client.finishRun(RUN_ID, FinishRun.succeeded(null))));

        assertThat(failure.getType()).isEqualTo(GatewayFailures.RUN_NOT_FOUND);
        assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void otherClientErrorIsNonRetryableAndCarriesTheProblemDetail() {
        answer(422, "application/problem+json", "{\"title\":\"Unprocessable\",\"status\":422,\"detail\":\"status cannot move backwards\"}");

        ApplicationFailure failure = applicationFailure(
                catchThrowable(() -> client.finishRun(RUN_ID, FinishRun.succeeded(null))));

        assertThat(failure.getType()).isEqualTo(GatewayFailures.REJECTED);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).contains("status cannot move backwards");
    }

    @Test
    void serviceUnavailableIsRetryable() {
        answer(503, "application/problem+json", "{\"title\":\"Service Unavailable\",\"status\":503}");

        Throwable thrown = catchThrowable(() -> client.executeAttempt("builtin:echo", new ExecuteAttempt(RUN_ID, 1)));

        assertThat(thrown).isInstanceOf(GatewayUnavailableException.class).hasMessageContaining("503");
    }

    @Test
    void unreachableGatewayIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GatewayClient nowhere = new GatewayClient(URI.create("http://127.0.0.1:" + closedPort), TOKEN, Duration.ofSeconds(10));

        Throwable thrown = catchThrowable(() -> nowhere.checkGrant(RUN_ID));

        assertThat(thrown).isInstanceOf(GatewayUnavailableException.class);
    }

    private void answer(int status, String contentType, String body) {
        server.createContext("/", exchange -> {
            last = record(exchange);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private static Recorded record(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        URI target = exchange.getRequestURI();
        String rawTarget = target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
        return new Recorded(exchange.getRequestMethod(), rawTarget,
                exchange.getRequestHeaders().getFirst(InternalApi.SERVICE_TOKEN_HEADER),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"), body);
    }

    private static ApplicationFailure applicationFailure(Throwable thrown) {
        assertThat(thrown).isInstanceOf(ApplicationFailure.class);
        return (ApplicationFailure) thrown;
    }
}
