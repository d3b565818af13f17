package dev.graphlaunch.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.support.InternalApiPort;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates) and other inputs schemathesis
 * found to be 500s: each is a 400 problem naming what is wrong, and nothing is written.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UnstorableTextIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("text");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));
    private static final String SERVICE_TOKEN = "test-service-token-0123456789";
    private static final List<String> WRITTEN_TABLES =
            List.of("graph_runs", "run_start_outbox", "webhook_deliveries", "graph_run_events");

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String writer;
    private static String admin;
    private Map<String, Long> before;

    @BeforeAll
    static void keys() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        writer = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "usage:read", "builtin:*"), "").key();
        admin = keys.issue("acme", "ops@acme.test", List.of("admin", "runs:read"), "").key();
    }

    @BeforeEach
    void countRows() {
        before = counts();
    }

    private static Map<String, Long> counts() {
        return WRITTEN_TABLES.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> TestDatabases.count(jdbi, t)));
    }

    private void assertNothingWritten() {
        assertThat(counts()).isEqualTo(before);
    }

    /** A JSON body as raw text, so escapes such as {@code \u0000} reach the gateway as written. */
    private static Reply chat(String json) {
        return OpenApiSpec.assertDocumented("POST", "/api/v1/ai/chat",
                http.post("/api/v1/ai/chat", writer, json.getBytes(StandardCharsets.UTF_8), "application/json", Map.of()));
    }

    private static void assertInvalid(Reply reply, String... detailMentions) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).as(reply.headers() + " " + reply.body()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/invalid-request");
        assertThat(reply.json().path("detail").asText()).contains(detailMentions);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\\u0000");
    }

    @Test
    void nulInAnyStringOfAChatBodyIs400NamingTheFieldAndWritesNothing() {
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"message\":\"a\\u0000b\"}"), "message", "NUL");
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":\"a\\u0000b\"}]}"), "messages[1].content", "NUL");
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"input\":{\"deep\":[\"x\",\"a\\u0000b\"]}}"),
                "input", "/deep/1");
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"input\":{\"outer\":{\"k\\u0000ey\":1}}}"),
                "input", "/outer (a key)");
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"message\":\"x\",\"stateKey\":\"s\\u0000\"}"), "stateKey");
        assertInvalid(chat("{\"graphId\":\"builtin:\\u0000echo\",\"message\":\"x\"}"), "graphId");
        assertNothingWritten();
    }

    @Test
    void loneSurrogateInAMessageIs400InsteadOfAQuestionMark() {
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"message\":\"a\\ud800b\"}"), "message", "surrogate");
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"message\":\"\\udc00\"}"), "message", "surrogate");
        assertNothingWritten();
        // A real pair is text like any other.
        Reply pair = chat("{\"graphId\":\"builtin:echo\",\"message\":\"\\ud83d\\ude00\"}");
        assertThat(pair.status()).as(pair.body()).isEqualTo(202);
    }

    @Test
    void nullMessageIs400NamingIt() {
        assertInvalid(chat("{\"graphId\":\"builtin:echo\",\"messages\":[null]}"), "messages[0]", "must not be null");
        assertNothingWritten();
    }

    @Test
    void anEscapedEmojiInAnInputKeyIsText() {
        // Jackson's byte parser refused this valid JSON; see TextJsonFactory.
        Reply reply = chat("{\"graphId\":\"builtin:echo\",\"input\":{\"smile \\ud83d\\ude00\":1}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    }

    @Test
    void aNumberOrABooleanWhereTheDocumentSaysTextIs400() {
        for (String body : List.of("{\"graphId\":\"builtin:echo\",\"input\":{},\"stateKey\":7}",
                "{\"graphId\":\"builtin:echo\",\"message\":true}")) {
            Reply reply = chat(body);
            assertThat(reply.status()).as(body + " " + reply.body()).isEqualTo(400);
            assertThat(reply.json().path("type").asText()).isEqualTo("/problems/malformed-body");
        }
        assertNothingWritten();
    }

    @Test
    void nulInTheIdempotencyKeyHeaderIs400Problem() throws IOException {
        String body = "{\"graphId\":\"builtin:echo\",\"message\":\"x\"}";
        RawReply reply = raw("POST /api/v1/ai/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + writer
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: a\u0000b\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.text()).contains("application/problem+json").doesNotContain("<html");
        assertNothingWritten();
    }

    @Test
    void nulInATextQueryParameterIs400NotA500() {
        for (String path : List.of("/api/v1/runs?graphId=%00x", "/api/v1/runs?status=%00", "/api/v1/runs?cursor=%00",
                "/api/v1/runs?triggerSource=a%00", "/api/v1/runs/00000000-0000-0000-0000-000000000000/events?after=%00",
                "/api/v1/usage?groupBy=%00")) {
            assertInvalid(OpenApiSpec.assertDocumented("GET", path, http.get(path, writer)), "query parameter '");
        }
        for (String path : List.of("/api/v1/admin/webhooks/github/deliveries?deliveryId=%00",
                "/api/v1/admin/webhooks/github/deliveries?event=%00&repository=x",
                "/api/v1/admin/webhooks/github/deliveries?repository=%00")) {
            assertInvalid(OpenApiSpec.assertDocumented("GET", path, http.get(path, admin)), "query parameter '");
        }
        assertNothingWritten();
    }

    @Test
    void nulInAPathOrInAPauseNoteIs400() {
        Reply reply = http.send("POST", "/api/v1/admin/schedules/a%00b/pause",
                Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"), "{}");
        // Jetty refuses an encoded NUL in a path before routing; the filter would otherwise.
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(400);
        Reply note = http.send("POST", "/api/v1/admin/schedules/nightly/pause",
                Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"), "{\"note\":\"a\\u0000\"}");
        assertInvalid(note, "note");
    }

    @Test
    void encodedDotDotInThePathIsAProblemNotJettysHtml() {
        for (String path : List.of("/api/v1/runs/..%2F..%2Fadmin", "/api/v1/runs/%2e%2e%2fadmin", "/api/v1/runs/a%5Cb")) {
            Reply reply = OpenApiSpec.assertDocumented("GET", "/api/v1/runs/{runId}", http.get(path, writer));
            assertThat(reply.status()).as(path + " " + reply.body()).isIn(400, 404);
            assertThat(reply.contentType()).as(path + reply.headers() + reply.body()).startsWith("application/problem+json");
            assertThat(reply.json().path("status").asInt()).isEqualTo(reply.status());
            assertThat(reply.json().path("detail").asText()).isNotBlank();
        }
    }

    @Test
    void internalRecordStartedWithoutARunIs400SayingWhatIsMissing() {
        Reply reply = internal("PUT", "/api/internal/runs/by-workflow?workflowId=x", "{}");
        assertInvalid(reply, "run is required");
        Reply noKind = internal("PUT", "/api/internal/runs/by-workflow?workflowId=graph-run:acme:schedule:s-1",
                "{\"idempotencyKey\":\"schedule:s-1:2026\",\"run\":{\"tenantId\":\"acme\"}}");
        assertInvalid(noKind, "run.graphId is required", "run.runKind is required", "run.grantRef is required");
        assertInvalid(internal("PUT", "/api/internal/runs/by-workflow?workflowId=x",
                "{\"triggerRef\":\"a\\u0000\",\"run\":{}}"), "triggerRef");
        assertNothingWritten();
    }

    @Test
    void internalFinishAndExecuteWithEmptyBodiesAre400() {
        assertInvalid(internal("POST", "/api/internal/runs/00000000-0000-0000-0000-000000000000/finish", "{}"),
                "status is required");
        assertInvalid(internal("POST", "/api/internal/graphs/builtin:echo/runs", "{}"), "runId is required");
        assertInvalid(internal("POST", "/api/internal/runs/00000000-0000-0000-0000-000000000000/finish",
                "{\"status\":\"failed\",\"errorMessage\":\"a\\u0000\"}"), "errorMessage");
        assertNothingWritten();
    }

    private static Reply internal(String method, String path, String body) {
        return InternalApiPort.client(APP).send(method, path, Map.of("X-Service-Token", SERVICE_TOKEN, "Content-Type", "application/json"), body);
    }

    private record RawReply(int status, String text) {}

    /** For what java.net.http refuses to send (a NUL in a header). */
    private static RawReply raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return new RawReply(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
