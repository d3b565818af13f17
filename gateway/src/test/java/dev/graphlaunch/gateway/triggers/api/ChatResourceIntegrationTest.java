package dev.graphlaunch.gateway.triggers.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.openapi.OpenApiSpec;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API trigger against a real PostgreSQL, with Temporal out of reach: what the client sees and
 * what is (or is not) written. Starting workflows is the system tests' business.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ChatResourceIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("chat");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String writer;
    private static String otherTenant;
    private static String echoOnly;
    private static String readOnly;
    private static String revoked;

    @BeforeAll
    static void keys() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        writer = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "builtin:*"), "").key();
        otherTenant = keys.issue("globex", "app@globex.test", List.of("runs:write", "runs:read", "*"), "").key();
        echoOnly = keys.issue("acme", "echo@acme.test", List.of("runs:write", "builtin:other"), "").key();
        readOnly = keys.issue("acme", "reader@acme.test", List.of("runs:read", "builtin:*"), "").key();
        ApiKeys.IssuedKey gone = keys.issue("acme", "gone@acme.test", List.of("runs:write", "builtin:*"), "");
        keys.revoke(gone.id());
        revoked = gone.key();
    }

    private static Reply chat(String key, String idempotencyKey, Object body) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return OpenApiSpec.assertDocumented("POST", "/api/v1/ai/chat", http.postJson("/api/v1/ai/chat", key, body, headers));
    }

    /** A read, whose answer must be one openapi.yaml documents. */
    private static Reply get(String path, String key) {
        return OpenApiSpec.assertDocumented("GET", path, http.get(path, key));
    }

    private static Map<String, Object> echo(String message) {
        return Map.of("graphId", "builtin:echo", "message", message);
    }

    /** Runs stored under a client's key, which lives in the client family (docs/architecture.md). */
    private static long runsWithKey(String key) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where idempotency_key = :k")
                .bind("k", "client:" + key).mapTo(Long.class).one());
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
        assertThat(reply.json().path("detail").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at dev.graphlaunch");
    }

    @Test
    void newRunIsAcceptedWithLocationAndServerSetProvenance() {
        String key = "order-" + UUID.randomUUID();
        Reply reply = chat(writer, key, echo("hello"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String runId = reply.json().path("runId").asText();
        assertThat(reply.header("Location")).endsWith("/api/v1/runs/" + runId);
        assertThat(reply.json().path("workflowId").asText()).isEqualTo("graph-run:acme:client:" + key);
        assertThat(reply.json().path("status").asText()).isEqualTo("accepted");

        Reply run = get("/api/v1/runs/" + runId, writer);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().path("runKind").asText()).isEqualTo("user_immediate");
        assertThat(run.json().path("triggerSource").asText()).isEqualTo("api");
        assertThat(run.json().path("triggerRef").asText()).isEqualTo(key);
        assertThat(run.json().path("requestedBy").asText()).isEqualTo("app@acme.test");
        assertThat(run.json().path("attempt").asInt()).isZero();
        assertThat(run.json().path("createdAt").asText()).endsWith("Z");
        // Temporal is out of reach: the start waits in the outbox instead of being lost.
        long pending = jdbi.withHandle(h -> h.createQuery("select count(*) from run_start_outbox where run_id = cast(:id as uuid)")
                .bind("id", runId).mapTo(Long.class).one());
        assertThat(pending).isEqualTo(1);
    }

    @Test
    void sameKeyAndBodyReplaysTheRunAndQuotedKeyIsTheSameKey() {
        String key = "replay-" + UUID.randomUUID();
        Reply first = chat(writer, key, echo("hi"));
        Reply again = chat(writer, "\"" + key + "\"", Map.of("message", "hi", "graphId", "builtin:echo"));

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.json().path("runId").asText()).isEqualTo(first.json().path("runId").asText());
        assertThat(runsWithKey(key)).isEqualTo(1);
    }

    @Test
    void duplicateKeyWithDifferentBodyIs422() {
        String key = "conflict-" + UUID.randomUUID();
        chat(writer, key, echo("one"));
        Reply reply = chat(writer, key, echo("two"));

        assertProblem(reply, 422, "idempotency-key-reused");
        assertThat(runsWithKey(key)).isEqualTo(1);
    }

    @Test
    void malformedIdempotencyKeyIs400AndWritesNothing() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        assertProblem(chat(writer, "has space", echo("x")), 400, "invalid-request");
        assertProblem(chat(writer, "k".repeat(256), echo("x")), 400, "invalid-request");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void missingWrongOrRevokedKeyIs401() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        Reply none = chat(null, "k1", echo("x"));
        assertProblem(none, 401, "unauthorized");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(chat("glg_not-a-real-key", "k2", echo("x")), 401, "unauthorized");
        assertProblem(chat(revoked, "k3", echo("x")), 401, "unauthorized");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void keyWithoutTheGraphsScopeOrWithoutRunsWriteIs403() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        Reply wrongGraph = chat(echoOnly, "s1", echo("x"));
        assertProblem(wrongGraph, 403, "missing-scope");
        assertThat(wrongGraph.json().path("detail").asText()).contains("builtin:echo");
        assertProblem(chat(readOnly, "s2", echo("x")), 403, "missing-scope");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void unknownNamespaceOrGraphIs404() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        Reply namespace = chat(otherTenant, "n1", Map.of("graphId", "nope:thing", "message", "x"));
        assertProblem(namespace, 404, "unknown-graph");
        assertThat(namespace.json().path("detail").asText()).contains("'nope'");
        assertProblem(chat(writer, "n2", Map.of("graphId", "builtin:missing", "message", "x")), 404, "unknown-graph");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void openaiNamespaceIsUnknownWhileDisabled() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        Reply reply = chat(otherTenant, "o1", Map.of("graphId", "openai:chat", "message", "x"));
        assertProblem(reply, 404, "unknown-graph");
        assertThat(reply.json().path("detail").asText()).contains("'openai'");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void runOfAnotherTenantIs404() {
        String runId = chat(writer, "mine-" + UUID.randomUUID(), echo("x")).json().path("runId").asText();
        assertProblem(get("/api/v1/runs/" + runId, otherTenant), 404, "run-not-found");
        assertProblem(get("/api/v1/runs/not-a-uuid", writer), 404, "run-not-found");
    }

    @Test
    void oversizeBodyIs413AndWritesNothing() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        String big = "{\"graphId\":\"builtin:echo\",\"message\":\"" + "x".repeat(70 * 1024) + "\"}";
        // Its own client: the gateway answers 413 without reading the body and closes the
        // connection, which must not be handed back to the shared client's pool.
        HttpJson ownConnection = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        Reply reply = ownConnection.post("/api/v1/ai/chat", writer, big.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of("Idempotency-Key", "big"));
        assertProblem(reply, 413, "payload-too-large");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void oversizeBodyStreamedWithoutContentLengthIs413() throws Exception {
        long before = TestDatabases.count(jdbi, "graph_runs");
        byte[] big = ("{\"graphId\":\"builtin:echo\",\"message\":\"" + "x".repeat(70 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/api/v1/ai/chat"))
                .header("Authorization", "Bearer " + writer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> reply = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(413);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void malformedBodiesAre400WithWhatIsWrong() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        assertProblem(chat(writer, "b1", "{not json"), 400, "malformed-body");
        Reply missingGraph = chat(writer, "b2", Map.of("message", "x"));
        assertProblem(missingGraph, 400, "invalid-request");
        assertThat(missingGraph.json().path("detail").asText()).contains("graphId");
        assertProblem(chat(writer, "b3", Map.of("graphId", "builtin:echo")), 400, "invalid-request");
        assertProblem(chat(writer, "b4", Map.of("graphId", "builtin:echo", "messages",
                List.of(Map.of("role", "robot", "content", "x")))), 400, "invalid-request");
        assertProblem(chat(writer, "b5", Map.of("graphId", "builtin:echo", "input", List.of(1))), 400, "invalid-request");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void runsAreListedNewestFirstWithFiltersAndCursor() {
        String graphTag = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            chat(otherTenant, graphTag + "-" + i, echo("m" + i));
        }
        Reply first = get("/api/v1/runs?limit=2&graphId=builtin:echo", otherTenant);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("items")).hasSize(2);
        assertThat(first.json().path("items").get(0).path("triggerRef").asText()).isEqualTo(graphTag + "-4");
        String cursor = first.json().path("nextCursor").asText();
        Reply second = get("/api/v1/runs?limit=2&graphId=builtin:echo&cursor=" + cursor, otherTenant);
        assertThat(second.json().path("items").get(0).path("triggerRef").asText()).isEqualTo(graphTag + "-2");

        Reply filtered = get("/api/v1/runs?status=succeeded", otherTenant);
        assertThat(filtered.json().path("items")).isEmpty();
        assertProblem(get("/api/v1/runs?status=bogus", otherTenant), 400, "invalid-request");
        assertProblem(get("/api/v1/runs?limit=abc", otherTenant), 400, "invalid-request");
        assertProblem(get("/api/v1/runs?cursor=garbage", otherTenant), 400, "invalid-request");
    }

    @Test
    void refusedRequestsLeaveTheConnectionUsableForTheNext() {
        // One client, one pooled connection: each refusal is answered before the body is read.
        HttpJson client = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        for (int i = 0; i < 30; i++) {
            assertThat(client.postJson("/api/v1/ai/chat", null, echo("x".repeat(2000)), Map.of()).status()).isEqualTo(401);
            assertThat(client.postJson("/api/v1/ai/chat", readOnly, echo("y"), Map.of()).status()).isEqualTo(403);
        }
    }

    @Test
    void unknownRouteIsAProblemToo() {
        assertProblem(http.get("/api/v1/nothing-here", writer), 404, "http-404");
    }

    @Test
    void databaseIsTheEmbeddedOne() {
        assertThat(DB_URL).contains(":" + EmbeddedDatabase.shared().port() + "/");
    }
}
