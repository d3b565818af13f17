package dev.graphlaunch.systemtests.controls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancel, rerun and their bulk forms, through the HTTP API of the whole running system. */
class RunControlsSystemTest {
    private static final String OPS = "ops@acme.test";
    /** Long enough to cancel a run mid-attempt, short enough that the abandoned attempts end soon. */
    private static final int SLOW_MS = 8_000;
    private static SystemUnderTest system;
    private static String key;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll();
        key = system.issueKey("acme", OPS, "runs:write", "runs:read", "builtin:*", "admin");
    }

    @AfterAll
    static void stop() {
        // Attempts of cancelled runs still finish in the gateway (see below); let them, so it stops cleanly.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                system.count("select count(*) from graph_run_attempts where status = 'running'") == 0);
        system.close();
    }

    @Test
    void cancellingARunningSlowRunEndsItCancelledNamingWhoAskedBeforeTheAttemptFinishes() {
        String runId = chat("builtin:echo", "slow", Map.of("delayMs", SLOW_MS));
        system.awaitRun(runId, key, "running");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)", runId) == 1);

        long before = System.nanoTime();
        Reply cancel = cancel(runId, key);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        assertThat(cancel.json().path("runId").asText()).isEqualTo(runId);
        assertThat(cancel.json().path("cancelRequest").path("requestedBy").asText()).isEqualTo(OPS);
        JsonNode run = system.awaitRun(runId, key, "cancelled");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(SLOW_MS));
        assertThat(run.path("error").path("code").asText()).isEqualTo("cancelled");
        assertThat(run.path("error").path("message").asText()).isEqualTo("cancelled by " + OPS);
        assertThat(run.has("output")).isFalse();
        assertThat(lastEvent(runId).path("status").asText()).isEqualTo("cancelled");

        Reply again = cancel(runId, key);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(again.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(again.json().path("cancelRequest").path("requestedBy").asText()).isEqualTo(OPS);

        // What is observed today: the attempt already running in the gateway is not interrupted; it
        // finishes its work, and its late result does not bring the run back.
        await().atMost(Duration.ofSeconds(30)).until(() -> system.count("select count(*) from graph_run_attempts"
                + " where run_id = cast(? as uuid) and status <> 'running'", runId) == 1);
        JsonNode after = system.awaitRun(runId, key, "cancelled");
        assertThat(after.has("output")).isFalse();
        assertThat(after.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aSecondCancelWhileTheWorkflowIsStoppingIsAcceptedAgain() {
        String runId = chat("builtin:echo", "slow too", Map.of("delayMs", SLOW_MS));
        system.awaitRun(runId, key, "running");

        Reply first = cancel(runId, key);
        Reply second = cancel(runId, system.issueKey("acme", "second@acme.test", "runs:write", "runs:read"));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(second.status()).as(second.body()).isEqualTo(202);
        JsonNode run = system.awaitRun(runId, key, "cancelled");
        // The first request is the one on record.
        assertThat(run.path("error").path("message").asText()).isEqualTo("cancelled by " + OPS);
    }

    @Test
    void cancellingARunThatSucceededIs409() {
        String runId = chat("builtin:echo", "quick", Map.of());
        system.awaitRun(runId, key, "succeeded");

        Reply cancel = cancel(runId, key);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.contentType()).startsWith("application/problem+json");
        assertThat(cancel.json().path("type").asText()).isEqualTo("/problems/run-already-ended");
        assertThat(system.awaitRun(runId, key, "succeeded").has("error")).isFalse();
    }

    @Test
    void anotherTenantsRunCannotBeCancelledOrRerunAndLooksAbsent() {
        String runId = chat("builtin:echo", "mine", Map.of());
        String globex = system.issueKey("globex", "ops@globex.test", "runs:write", "runs:read", "builtin:*", "admin");

        assertThat(cancel(runId, globex).status()).isEqualTo(404);
        assertThat(system.http().postJson("/api/v1/runs/" + runId + "/rerun", globex, Map.of(), Map.of()).status())
                .isEqualTo(404);
        assertThat(cancel("not-a-run", key).status()).isEqualTo(404);
    }

    @Test
    void cancellingNeedsRunsWrite() {
        String runId = chat("builtin:echo", "read only", Map.of());
        String reader = system.issueKey("acme", "reader@acme.test", "runs:read");

        Reply cancel = cancel(runId, reader);

        assertThat(cancel.status()).isEqualTo(403);
        assertThat(cancel.json().path("type").asText()).isEqualTo("/problems/missing-scope");
    }

    @Test
    void aRerunIsANewRunOfTheCallerWithTheSameGraphAndInput() {
        String originalId = chat("builtin:echo", "once more", Map.of());
        system.awaitRun(originalId, key, "succeeded");
        String rerunner = system.issueKey("acme", "rerunner@acme.test", "runs:write", "runs:read", "builtin:echo");

        Reply rerun = system.http().post("/api/v1/runs/" + originalId + "/rerun", rerunner, new byte[0],
                "application/json", Map.of());

        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        String rerunId = rerun.json().path("runId").asText();
        assertThat(rerunId).isNotEqualTo(originalId);
        assertThat(rerun.header("Location")).endsWith("/api/v1/runs/" + rerunId);
        JsonNode run = system.awaitRun(rerunId, key, "succeeded");
        assertThat(run.path("rerunOf").asText()).isEqualTo(originalId);
        assertThat(run.path("graphId").asText()).isEqualTo("builtin:echo");
        assertThat(run.path("runKind").asText()).isEqualTo("user_immediate");
        assertThat(run.path("triggerSource").asText()).isEqualTo("api");
        assertThat(run.path("requestedBy").asText()).isEqualTo("rerunner@acme.test");
        assertThat(run.path("output").path("reply").asText()).isEqualTo("once more");
        assertThat(system.count("select count(*) from graph_runs where id = cast(? as uuid)"
                + " and trigger_metadata ->> 'rerunOf' = ?", rerunId, originalId)).isEqualTo(1);
    }

    @Test
    void aRerunWithANullInputRunsTheOriginalInputAgain() {
        String originalId = chat("builtin:echo", "null is absent", Map.of());
        system.awaitRun(originalId, key, "succeeded");

        Reply rerun = system.http().post("/api/v1/runs/" + originalId + "/rerun", key,
                "{\"input\": null}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", Map.of());

        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        JsonNode run = system.awaitRun(rerun.json().path("runId").asText(), key, "succeeded");
        assertThat(run.path("output").path("reply").asText()).isEqualTo("null is absent");
    }

    @Test
    void controlBodiesWithUnstorableTextAre400AndWriteNothing() {
        String originalId = chat("builtin:echo", "keep me", Map.of());
        system.awaitRun(originalId, key, "succeeded");
        long runsBefore = system.count("select count(*) from graph_runs where requested_by = ?", OPS);

        Reply rerun = system.http().postJson("/api/v1/runs/" + originalId + "/rerun", key,
                Map.of("input", Map.of("message", "nul\u0000here")), Map.of());
        Reply bulk = system.http().postJson("/api/v1/admin/runs/cancel", key,
                Map.of("graphId", "builtin:\u0000echo", "dryRun", true), Map.of());
        Reply badLimitDryRun = system.http().postJson("/api/v1/admin/runs/rerun", key,
                Map.of("limit", 0, "dryRun", true), Map.of());

        assertThat(rerun.status()).as(rerun.body()).isEqualTo(400);
        assertThat(rerun.json().path("type").asText()).isEqualTo("/problems/invalid-request");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(400);
        assertThat(bulk.json().path("type").asText()).isEqualTo("/problems/invalid-request");
        assertThat(badLimitDryRun.status()).as(badLimitDryRun.body()).isEqualTo(400);
        assertThat(system.count("select count(*) from graph_runs where requested_by = ?", OPS)).isEqualTo(runsBefore);
    }

    @Test
    void aFailedRunRerunWithANewInputSucceeds() {
        String originalId = chat("builtin:ci-failure-triage", "no repo in here", Map.of());
        JsonNode failed = system.awaitRun(originalId, key, "failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("invalid_request");

        Reply rerun = system.http().postJson("/api/v1/runs/" + originalId + "/rerun", key,
                Map.of("input", Map.of("repo", "octo-org/api", "runId", 42, "conclusion", "failure")), Map.of());

        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        JsonNode run = system.awaitRun(rerun.json().path("runId").asText(), key, "succeeded");
        assertThat(run.path("input").path("repo").asText()).isEqualTo("octo-org/api");
        assertThat(run.path("rerunOf").asText()).isEqualTo(originalId);
    }

    @Test
    void theSameIdempotencyKeyTwiceIsTheSameRerunAndOnAnotherRunIs422() {
        String originalId = chat("builtin:echo", "keyed", Map.of());
        String otherId = chat("builtin:echo", "other", Map.of());
        String path = "/api/v1/runs/" + originalId + "/rerun";

        Reply first = system.http().postJson(path, key, Map.of(), Map.of("Idempotency-Key", "rerun-keyed-1"));
        Reply second = system.http().postJson(path, key, Map.of(), Map.of("Idempotency-Key", "rerun-keyed-1"));
        Reply elsewhere = system.http().postJson("/api/v1/runs/" + otherId + "/rerun", key, Map.of(),
                Map.of("Idempotency-Key", "rerun-keyed-1"));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("runId").asText()).isEqualTo(first.json().path("runId").asText());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(system.count("select count(*) from graph_runs where rerun_of = cast(? as uuid)", originalId))
                .isEqualTo(1);
        JsonNode rerun = system.awaitRun(first.json().path("runId").asText(), key, "succeeded");
        assertThat(rerun.path("triggerRef").asText()).isEqualTo("rerun-keyed-1");
    }

    @Test
    void rerunNeedsTheGraphsScopeOnTheCallersKey() {
        String originalId = chat("builtin:echo", "scoped", Map.of());
        String noGraphs = system.issueKey("acme", "nographs@acme.test", "runs:write", "runs:read");

        Reply rerun = system.http().postJson("/api/v1/runs/" + originalId + "/rerun", noGraphs, Map.of(), Map.of());

        assertThat(rerun.status()).isEqualTo(403);
        assertThat(system.count("select count(*) from graph_runs where rerun_of = cast(? as uuid)", originalId)).isZero();
    }

    @Test
    void bulkRerunOfFailedRunsCountsFirstThenRerunsEachOnceForOneKey() {
        String tag = "bulk-" + System.nanoTime();
        String graph = "builtin:ci-failure-triage";
        List<String> failed = List.of(chat(graph, tag, Map.of()), chat(graph, tag, Map.of()));
        failed.forEach(id -> system.awaitRun(id, key, "failed"));
        String before = java.time.Instant.now().toString();
        Map<String, Object> filter = Map.of("graphId", graph, "createdBefore", before, "dryRun", true);

        Reply dryRun = system.http().postJson("/api/v1/admin/runs/rerun", key, filter, Map.of());

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        long matched = dryRun.json().path("matched").asLong();
        assertThat(matched).isGreaterThanOrEqualTo(2);
        assertThat(system.count("select count(*) from graph_runs where rerun_of = any(cast(? as uuid[]))",
                (Object) failed.toArray(String[]::new))).isZero();

        Map<String, Object> act = Map.of("graphId", graph, "createdBefore", before);
        Reply first = system.http().postJson("/api/v1/admin/runs/rerun", key, act, Map.of("Idempotency-Key", tag));
        Reply second = system.http().postJson("/api/v1/admin/runs/rerun", key, act, Map.of("Idempotency-Key", tag));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("started").asLong()).isEqualTo(matched);
        assertThat(second.json().path("started").asLong()).isZero();
        assertThat(second.json().path("replayed").asLong()).isEqualTo(matched);
        for (String id : failed) {
            assertThat(system.count("select count(*) from graph_runs where rerun_of = cast(? as uuid)", id)).isEqualTo(1);
        }
    }

    @Test
    void bulkCancelDryRunCountsWithoutTouchingThenCancelsTheMatchingRuns() {
        String tag = "bulk-cancel-" + System.nanoTime();
        List<String> slow = List.of(chat("builtin:echo", tag, Map.of("delayMs", SLOW_MS)),
                chat("builtin:echo", tag, Map.of("delayMs", SLOW_MS)));
        slow.forEach(id -> system.awaitRun(id, key, "running"));
        Map<String, Object> filter = Map.of("status", "running", "graphId", "builtin:echo", "dryRun", true);

        Reply dryRun = system.http().postJson("/api/v1/admin/runs/cancel", key, filter, Map.of());

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("matched").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(dryRun.json().path("dryRun").asBoolean()).isTrue();
        slow.forEach(id -> assertThat(status(id)).isEqualTo("running"));

        Reply cancel = system.http().postJson("/api/v1/admin/runs/cancel", key,
                Map.of("status", "running", "graphId", "builtin:echo"), Map.of());

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("cancelRequested").asLong()).isGreaterThanOrEqualTo(2);
        slow.forEach(id -> system.awaitRun(id, key, "cancelled"));
        Reply badStatus = system.http().postJson("/api/v1/admin/runs/cancel", key,
                Map.of("status", "succeeded", "dryRun", true), Map.of());
        assertThat(badStatus.status()).isEqualTo(400);
        String plain = system.issueKey("acme", "plain@acme.test", "runs:write", "runs:read");
        assertThat(system.http().postJson("/api/v1/admin/runs/cancel", plain, filter, Map.of()).status()).isEqualTo(403);
    }

    private static String chat(String graphId, String message, Map<String, Object> input) {
        Reply reply = system.http().postJson("/api/v1/ai/chat", key,
                Map.of("graphId", graphId, "message", message, "input", input), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("runId").asText();
    }

    private static Reply cancel(String runId, String apiKey) {
        return system.http().post("/api/v1/runs/" + runId + "/cancel", apiKey, new byte[0], "application/json", Map.of());
    }

    private static String status(String runId) {
        return system.http().get("/api/v1/runs/" + runId, key).json().path("status").asText();
    }

    private static JsonNode lastEvent(String runId) {
        JsonNode items = system.http().get("/api/v1/runs/" + runId + "/events", key).json().path("items");
        return items.get(items.size() - 1).path("data");
    }
}
