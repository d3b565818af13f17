package dev.graphlaunch.gateway.execution.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.gateway.events.RunEventSink;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import dev.graphlaunch.gateway.execution.GraphId;
import dev.graphlaunch.gateway.execution.GraphInvocation;
import dev.graphlaunch.gateway.execution.GraphResult;
import dev.graphlaunch.gateway.execution.UsageFact;
import dev.graphlaunch.gateway.runs.RunEvent;
import io.dropwizard.util.Duration;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a local server that speaks the OpenAI streaming wire format. */
class OpenAiProviderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final FakeOpenAi SERVER = new FakeOpenAi();
    private static final String KEY = "sk-test-secret-key-123";

    private final List<String> deltas = new CopyOnWriteArrayList<>();
    private final RunEventSink events = (type, data) -> {
        if (type.equals(RunEvent.DELTA)) {
            deltas.add(data.path("text").asText());
        }
    };
    private OpenAiGraphProvider provider;

    @BeforeEach
    void provider() {
        provider = provider(SERVER.baseUrl(), Duration.seconds(5));
        SERVER.requests().clear();
        SERVER.authorizations().clear();
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    private static OpenAiGraphProvider provider(URI baseUrl, Duration readTimeout) {
        OpenAiConfig config = new OpenAiConfig(true, baseUrl, "UNUSED_ENV", Map.of("chat", "stub-model"), false,
                Duration.seconds(2), readTimeout,
                Map.of("stub-model", new ModelPrice(new BigDecimal("0.5"), new BigDecimal("1.5"))), "openai");
        return new OpenAiGraphProvider(config, KEY, MAPPER);
    }

    private GraphResult run() {
        return provider.execute(invocation());
    }

    private GraphInvocation invocation() {
        JsonNode input = MAPPER.createObjectNode()
                .set("messages", MAPPER.createArrayNode().add(MAPPER.createObjectNode()
                        .put("role", "user").put("content", "Say hello")));
        return new GraphInvocation(UUID.randomUUID(), 1, "acme", GraphId.parse("openai:chat"), input, events);
    }

    private GraphExecutionException failure() {
        return catchThrowableOfType(GraphExecutionException.class, this::run);
    }

    @Test
    void streamedDeltasBecomeEventsAndTheUsageChunkIsTheUsageFact() {
        SERVER.script(FakeOpenAi.stream("Hello there, world!", 12, 7));

        GraphResult result = run();

        assertThat(result.output().path("reply").asText()).isEqualTo("Hello there, world!");
        assertThat(String.join("", deltas)).isEqualTo("Hello there, world!");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(result.output().path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.output().toString()).doesNotContain("tokens");
        UsageFact usage = result.usage().get(0);
        assertThat(result.usage()).hasSize(1);
        assertThat(usage.unitId()).isEqualTo("chat-completion");
        assertThat(usage.sourceSystem()).isEqualTo("openai");
        assertThat(usage.model()).isEqualTo("stub-model-2025");
        assertThat(usage.tokensIn()).isEqualTo(12);
        assertThat(usage.tokensOut()).isEqualTo(7);
        assertThat(usage.estimated()).isFalse();
        // 12 × 0.5/1K + 7 × 1.5/1K, priced by the requested alias since the dated name has no price
        assertThat(usage.cost()).isEqualByComparingTo("0.0165");
    }

    @Test
    void requestAsksForAStreamWithUsageAndCarriesTheKey() {
        SERVER.script(FakeOpenAi.stream("ok", 1, 1));
        run();

        JsonNode request = SERVER.requests().get(0);
        assertThat(request.path("model").asText()).isEqualTo("stub-model");
        assertThat(request.path("stream").asBoolean()).isTrue();
        assertThat(request.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(request.path("messages").get(0).path("content").asText()).isEqualTo("Say hello");
        assertThat(SERVER.authorizations()).containsExactly("Bearer " + KEY);
    }

    @Test
    void badRequestIsANonRetryableInvalidRequestWithoutUsage() {
        SERVER.script(FakeOpenAi.error(400, "invalid_request_error", null, "messages must not be empty"));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("HTTP 400").contains("messages must not be empty");
        assertThat(e.usage()).isEmpty();
    }

    @Test
    void rateLimitIsRetryableButAnExhaustedQuotaIsNot() {
        SERVER.script(FakeOpenAi.error(429, "requests", "rate_limit_exceeded", "slow down"),
                FakeOpenAi.error(429, "insufficient_quota", "insufficient_quota", "You exceeded your quota"));
        GraphExecutionException limited = failure();
        assertThat(limited.errorCode()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(limited.retryable()).isTrue();
        GraphExecutionException quota = failure();
        assertThat(quota.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_CREDITS);
        assertThat(quota.retryable()).isFalse();
    }

    @Test
    void unavailableProviderIsRetryable() {
        SERVER.script(FakeOpenAi.error(503, "server_error", null, "overloaded"));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void refusedCredentialsAreProviderAuthAndTheProviderMessageIsNotRepeated() {
        SERVER.script(FakeOpenAi.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: sk-tes***123"));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_AUTH);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain("sk-");
    }

    @Test
    void otherStatusesMapToTheirCodes() {
        SERVER.script(FakeOpenAi.error(404, "invalid_request_error", "model_not_found", "no such model"),
                FakeOpenAi.error(422, "invalid_request_error", null, "bad"),
                FakeOpenAi.error(408, "timeout", null, "took too long"),
                FakeOpenAi.error(402, "billing", null, "pay up"));
        assertThat(failure().errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure().errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        GraphExecutionException timeout = failure();
        assertThat(timeout.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(timeout.retryable()).isTrue();
        assertThat(failure().errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_CREDITS);
    }

    @Test
    void aStreamThatBreaksOffIsRetryableAndBillsAnEstimateOfWhatWasStreamed() {
        SERVER.script(FakeOpenAi.brokenAfter("partial answ"));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(String.join("", deltas)).isEqualTo("partial answ");
        assertThat(e.usage()).singleElement().satisfies(usage -> {
            assertThat(usage.estimated()).isTrue();
            assertThat(usage.tokensOut()).isEqualTo(4);
            assertThat(usage.tokensIn()).isEqualTo(3); // "Say hello": 9 characters ≈ 3 tokens
        });
    }

    @Test
    void silenceLongerThanTheReadTimeoutIsARetryableTimeout() {
        provider = provider(SERVER.baseUrl(), Duration.milliseconds(500));
        SERVER.script(FakeOpenAi.silentFor(3000));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void unreachableEndpointIsProviderUnavailable() {
        provider = provider(URI.create("http://127.0.0.1:1/v1"), Duration.seconds(2));
        GraphExecutionException e = failure();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.usage()).isEmpty();
    }

    @Test
    void onlyMappedGraphsExistUnlessPassThroughIsOn() {
        assertThat(provider.describe().has("chat")).isTrue();
        assertThat(provider.describe().has("gpt-4o")).isFalse();
        OpenAiConfig passThrough = new OpenAiConfig(true, SERVER.baseUrl(), null, Map.of(), true, null, null, null, null);
        assertThat(new OpenAiGraphProvider(passThrough, null, MAPPER).describe().has("gpt-4o")).isTrue();
        assertThat(passThrough.modelFor("gpt-4o")).isEqualTo("gpt-4o");
    }
}
