package dev.graphlaunch.gateway.execution.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import dev.graphlaunch.gateway.execution.GraphInvocation;
import dev.graphlaunch.gateway.execution.GraphNamespace;
import dev.graphlaunch.gateway.execution.GraphProvider;
import dev.graphlaunch.gateway.execution.GraphResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code openai:} namespace: one streamed chat completion per attempt against any
 * OpenAI-compatible endpoint. Text deltas become run events as they arrive; the final usage chunk
 * becomes the attempt's usage fact.
 */
public class OpenAiGraphProvider implements GraphProvider {
    public static final String NAMESPACE = "openai";
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiConfig config;
    private final String apiKey;
    private final ObjectMapper mapper;
    private final OpenAiPricing pricing;
    private final URI endpoint;
    private final Duration readTimeout;
    private final HttpClient http;

    /** @param apiKey the key itself, resolved by the caller from {@code apiKeyEnv}; null for none */
    public OpenAiGraphProvider(OpenAiConfig config, String apiKey, ObjectMapper mapper) {
        this.config = config;
        this.apiKey = apiKey;
        this.mapper = mapper;
        this.pricing = new OpenAiPricing(config.prices(), config.sourceSystem());
        String base = config.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.readTimeout = config.readTimeout().toJavaDuration();
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout().toJavaDuration())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public GraphNamespace describe() {
        return new GraphNamespace(NAMESPACE, config.passThrough() ? Set.of() : config.models().keySet());
    }

    @Override
    public GraphResult execute(GraphInvocation invocation) {
        String model = config.modelFor(invocation.graphId().name());
        if (model == null) {
            throw new GraphExecutionException(ErrorCode.NOT_FOUND, "no model is configured for " + invocation.graphId(), false);
        }
        ObjectNode body = ChatRequests.body(model, invocation.input(), mapper);
        CompletionStream stream = new CompletionStream(model, ChatRequests.promptChars(body), pricing);
        LineQueue lines = new LineQueue();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request(body), info -> {
            status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
        });
        response.whenComplete((done, failure) -> {
            if (failure != null) {
                status.completeExceptionally(failure);
            }
        });
        try {
            int code = awaitStatus(status);
            if (code != 200) {
                throw OpenAiErrors.fromStatus(code, errorBody(lines), mapper);
            }
            stream.started();
            readStream(lines, stream, invocation);
            return new GraphResult(output(stream), stream.usage());
        } catch (TimeoutException silent) {
            throw new GraphExecutionException(ErrorCode.TIMEOUT, "the model provider sent nothing for "
                    + readTimeout.toSeconds() + " s", true, stream.usage());
        } catch (IOException broken) {
            throw unavailable(broken, stream);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new GraphExecutionException(ErrorCode.TIMEOUT, "the call to the model provider was interrupted",
                    true, stream.usage());
        } finally {
            lines.cancel();
            response.cancel(true);
        }
    }

    private HttpRequest request(ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream");
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return request.POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        } catch (JsonProcessingException e) {
            throw new GraphExecutionException(ErrorCode.INVALID_REQUEST, "the run input cannot be sent as JSON", false);
        }
    }

    private int awaitStatus(CompletableFuture<Integer> status)
            throws IOException, TimeoutException, InterruptedException {
        try {
            return status.get(readTimeout.toMillis() + config.connectTimeout().toMilliseconds(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new TimeoutException(cause.getMessage());
            }
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Reads {@code data:} lines until {@code [DONE]}; comments, blank lines and other fields are skipped. */
    private void readStream(LineQueue lines, CompletionStream stream, GraphInvocation invocation)
            throws IOException, TimeoutException, InterruptedException {
        for (String line = lines.next(readTimeout); line != null; line = lines.next(readTimeout)) {
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                return;
            }
            JsonNode chunk = parse(data, stream);
            if (chunk.has("error")) {
                throw OpenAiErrors.fromStreamError(chunk.get("error"), stream.usage());
            }
            String delta = stream.accept(chunk);
            if (delta != null) {
                invocation.events().delta(delta);
            }
        }
        throw new IOException("the stream ended without [DONE]");
    }

    private JsonNode parse(String data, CompletionStream stream) {
        try {
            return mapper.readTree(data);
        } catch (JsonProcessingException e) {
            throw new GraphExecutionException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "the model provider sent a chunk that is not JSON", true, stream.usage());
        }
    }

    private String errorBody(LineQueue lines) throws IOException, TimeoutException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (String line = lines.next(readTimeout); line != null && body.length() < MAX_ERROR_BODY;
                line = lines.next(readTimeout)) {
            body.append(line).append('\n');
        }
        return body.toString();
    }

    private ObjectNode output(CompletionStream stream) {
        ObjectNode output = mapper.createObjectNode().put("reply", stream.text()).put("model", stream.model());
        if (stream.finishReason() != null) {
            output.put("finishReason", stream.finishReason());
        }
        return output;
    }

    private static GraphExecutionException unavailable(IOException broken, CompletionStream stream) {
        String reason = broken.getMessage() == null ? broken.getClass().getSimpleName() : broken.getMessage();
        return new GraphExecutionException(ErrorCode.PROVIDER_UNAVAILABLE,
                "the model provider could not be reached or broke off: " + OpenAiErrors.truncate(reason), true,
                stream.usage());
    }
}
