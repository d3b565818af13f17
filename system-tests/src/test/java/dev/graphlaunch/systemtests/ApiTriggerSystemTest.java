package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An application's run, from POST to result, through the real Temporal server and the worker. */
class ApiTriggerSystemTest {
    private static SystemUnderTest system;
    private static String apiKey;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll();
        apiKey = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "builtin:*");
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    private static Reply chat(String idempotencyKey, Map<String, Object> body) {
        return system.http().postJson("/api/v1/ai/chat", apiKey, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    @Test
    void echoRunSucceedsWithItsOutputAndProvenance() {
        String key = "hello-" + UUID.randomUUID();
        Reply accepted = chat(key, Map.of("graphId", "builtin:echo", "message", "hello, graph"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode run = system.awaitRun(accepted.json().path("runId").asText(), apiKey, "succeeded");

        assertThat(run.path("output").path("reply").asText()).isEqualTo("hello, graph");
        assertThat(run.path("runKind").asText()).isEqualTo("user_immediate");
        assertThat(run.path("triggerSource").asText()).isEqualTo("api");
        assertThat(run.path("triggerRef").asText()).isEqualTo(key);
        assertThat(run.path("requestedBy").asText()).isEqualTo("app@acme.test");
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("startedAt").asText()).isNotEmpty();
        assertThat(run.path("finishedAt").asText()).isNotEmpty();
    }

    @Test
    void sameKeyTwentyTimesConcurrentlyAndOnceLaterIsOneRunAndOneWorkflow() throws Exception {
        String key = "burst-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("graphId", "builtin:echo", "message", "once");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Reply>> calls = IntStream.range(0, 20).mapToObj(i -> (Callable<Reply>) () -> chat(key, body)).toList();
        List<Reply> replies = pool.invokeAll(calls).stream().map(SystemUnderTestFutures::join).toList();
        pool.shutdown();

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(202));
        Set<String> runIds = replies.stream().map(r -> r.json().path("runId").asText()).collect(Collectors.toSet());
        assertThat(runIds).hasSize(1);
        String runId = runIds.iterator().next();
        JsonNode done = system.awaitRun(runId, apiKey, "succeeded");

        Reply later = chat(key, body);
        assertThat(later.json().path("runId").asText()).isEqualTo(runId);
        assertThat(later.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(system.count("select count(*) from graph_runs where idempotency_key = ?", "client:" + key)).isEqualTo(1);
        String workflowId = done.path("workflowId").asText();
        // Temporal's visibility store catches up asynchronously: wait for the closed run to show.
        await().atMost(Duration.ofSeconds(20)).until(() -> !system.executionsOf(workflowId).isEmpty());
        assertThat(system.executionsOf(workflowId)).hasSize(1);
    }

    @Test
    void runContinuesAfterTheGatewayRestarts() {
        Reply accepted = chat("restart-" + UUID.randomUUID(),
                Map.of("graphId", "builtin:echo", "message", "survive", "input", Map.of("delayMs", 1500)));
        assertThat(accepted.status()).isEqualTo(202);

        system.stopGateway();
        system.startGateway();

        JsonNode run = system.awaitRun(accepted.json().path("runId").asText(), apiKey, "succeeded");
        assertThat(run.path("output").path("reply").asText()).isEqualTo("survive");
        assertThat(system.executionsOf(run.path("workflowId").asText())).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void runOfAKeyRevokedBeforeItExecutesEndsSkippedAndExecutesNothing() {
        String doomed = system.issueKey("acme", "doomed@acme.test", "runs:write", "runs:read", "builtin:*");
        system.stopWorker();
        Reply accepted = system.http().postJson("/api/v1/ai/chat", doomed,
                Map.of("graphId", "builtin:echo", "message", "never"), Map.of("Idempotency-Key", "revoked-" + UUID.randomUUID()));
        assertThat(accepted.status()).isEqualTo(202);
        String runId = accepted.json().path("runId").asText();
        system.revokeKey(doomed);
        system.startWorker();

        JsonNode run = system.awaitRun(runId, apiKey(), "skipped");
        assertThat(run.path("error").path("code").asText()).isEqualTo("grant_revoked");
        assertThat(run.path("error").path("message").asText()).contains("revoked");
        assertThat(run.path("attempt").asInt()).isZero();
        assertThat(run.has("output")).isFalse();
        assertThat(system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)", runId)).isZero();
    }

    /** A same-tenant reader: the revoked key can no longer read its own run. */
    private static String apiKey() {
        return apiKey;
    }

    /** Unwraps futures in a stream. */
    static final class SystemUnderTestFutures {
        static <T> T join(Future<T> future) {
            try {
                return future.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
