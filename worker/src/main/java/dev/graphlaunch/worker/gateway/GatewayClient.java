package dev.graphlaunch.worker.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The worker's only way to the run ledger and the graph executor: the gateway's internal API. */
public class GatewayClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SHORT_CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Lets the gateway's own run timeout fire first, so we get its answer rather than a cut-off. */
    static final Duration EXECUTE_MARGIN = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final String serviceToken;
    private final Duration executeTimeout;
    private final ObjectMapper json;

    public GatewayClient(URI gatewayUrl, String serviceToken, Duration runTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.baseUrl = gatewayUrl.toString().replaceAll("/+$", "");
        this.serviceToken = serviceToken;
        this.executeTimeout = runTimeout.plus(EXECUTE_MARGIN);
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public RunRecord recordRunStarted(RecordRunStarted request) {
        String path = InternalApi.runByWorkflow(request.workflowId());
        return await(send("PUT", path, request, SHORT_CALL_TIMEOUT, RunRecord.class));
    }

    public BegunRun beginRun(RecordRunStarted request) {
        return await(send("POST", InternalApi.begin(request.workflowId()), request, SHORT_CALL_TIMEOUT, BegunRun.class));
    }

    public GrantDecision checkGrant(String runId) {
        return await(send("POST", InternalApi.grantCheck(runId), Map.of(), SHORT_CALL_TIMEOUT, GrantDecision.class));
    }

    public AttemptResult executeAttempt(String graphId, ExecuteAttempt request) {
        return await(executeAttemptAsync(graphId, request));
    }

    /** For callers that must keep heartbeating while a long graph runs. */
    public CompletableFuture<AttemptResult> executeAttemptAsync(String graphId, ExecuteAttempt request) {
        return send("POST", InternalApi.executeAttempt(graphId), request, executeTimeout, AttemptResult.class);
    }

    public RunRecord finishRun(String runId, FinishRun request) {
        return await(send("POST", InternalApi.finish(runId), request, SHORT_CALL_TIMEOUT, RunRecord.class));
    }

    /** Turns a failed call into the exception Temporal should see: retryable unless we know better. */
    public static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new GatewayUnavailableException("gateway unreachable: " + cause, cause);
    }

    private <T> CompletableFuture<T> send(String method, String path, Object body, Duration timeout, Class<T> type) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header(InternalApi.SERVICE_TOKEN_HEADER, serviceToken)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> GatewayResponses.read(response, json, method + " " + path, type));
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new GatewayUnavailableException("interrupted while waiting for the gateway", e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }
}
