package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.SUCCESS;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.replace;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.CURRENT;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.JSON;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.PATH;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.PREVIOUS;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.assertProblem;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.failureOfRun;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newDeliveryId;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newRunId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
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
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook's own 1 MiB body limit and its delivery log, against a real PostgreSQL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class GitHubWebhookLogAndLimitsIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("webhook_log");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WebhookClient hook;
    private static String admin;
    private static String reader;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        hook = new WebhookClient(http, jdbi);
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        admin = keys.issue("acme", "ops@acme.test", List.of("admin"), "").key();
        reader = keys.issue("acme", "app@acme.test", List.of("runs:read"), "").key();
    }

    // --- body size ------------------------------------------------------------------------------------

    @Test
    void bodiesAboveTheApiLimitButWithinOneMebibyteAreAccepted() {
        long runId = newRunId();
        // Trailing whitespace keeps the JSON valid and pushes it past the API's 64 KiB test limit.
        byte[] body = replace(failureOfRun(runId), "\n}\n", "\n}" + " ".repeat(500 * 1024) + "\n");

        Reply reply = hook.deliver(body, "workflow_run", newDeliveryId());

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().path("outcome").asText()).isEqualTo("started");
    }

    @Test
    void bodyOverOneMebibyteIs413AndLogged() {
        byte[] body = replace(failureOfRun(newRunId()), "\n}\n", "\n}" + " ".repeat(1024 * 1024) + "\n");
        String deliveryId = newDeliveryId();

        // Its own client: the server answers before reading the body and drops the connection,
        // which the shared client's pool could otherwise hand to the next test.
        Reply reply = new WebhookClient(new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort())), jdbi)
                .deliver(body, "workflow_run", deliveryId);

        hook.assertRejectedAndLogged(reply, deliveryId, 413, "payload-too-large");
    }

    @Test
    void streamedBodyOverOneMebibyteWithoutContentLengthIs413() throws Exception {
        byte[] body = replace(failureOfRun(newRunId()), "\n}\n", "\n}" + " ".repeat(1024 * 1024) + "\n");
        String deliveryId = newDeliveryId();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + PATH))
                .header("Content-Type", JSON)
                .header("X-GitHub-Event", "workflow_run")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", sign(CURRENT, body))
                // An input-stream publisher has no known length, so the client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(hook.onlyDelivery(deliveryId).get("outcome")).isEqualTo("rejected");
    }

    // --- the delivery log -------------------------------------------------------------------------------

    @Test
    void adminsListDeliveriesNewestFirstWithFiltersAndCursor() {
        String marker = "octo-org/octo-repo";
        for (int i = 0; i < 3; i++) {
            hook.deliver(bytes(SUCCESS), "workflow_run", newDeliveryId());
        }
        String rejected = newDeliveryId();
        hook.deliver(bytes(SUCCESS), "workflow_run", rejected, sign("wrong", bytes(SUCCESS)), JSON);

        Reply rejectedOnly = http.get("/api/v1/admin/webhooks/github/deliveries?outcome=rejected&deliveryId=" + rejected, admin);
        assertThat(rejectedOnly.status()).as(rejectedOnly.body()).isEqualTo(200);
        assertThat(rejectedOnly.json().path("items")).hasSize(1);
        JsonNode item = rejectedOnly.json().path("items").get(0);
        assertThat(item.path("outcome").asText()).isEqualTo("rejected");
        assertThat(item.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(item.path("event").asText()).isEqualTo("workflow_run");
        assertThat(item.has("tenantId")).isFalse();
        assertThat(item.path("receivedAt").asText()).endsWith("Z");

        Reply page1 = http.get("/api/v1/admin/webhooks/github/deliveries?limit=2&event=workflow_run&outcome=ignored&repository="
                + marker, admin);
        assertThat(page1.json().path("items")).hasSize(2);
        String cursor = page1.json().path("nextCursor").asText();
        Reply page2 = http.get("/api/v1/admin/webhooks/github/deliveries?limit=2&event=workflow_run&outcome=ignored&repository="
                + marker + "&cursor=" + cursor, admin);
        assertThat(page2.json().path("items")).isNotEmpty();
        assertThat(Instant.parse(page2.json().path("items").get(0).path("receivedAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(page1.json().path("items").get(1).path("receivedAt").asText()));
        assertThat(page2.json().path("items").get(0).path("id").asText())
                .isNotIn(page1.json().path("items").get(0).path("id").asText(), page1.json().path("items").get(1).path("id").asText());

        assertProblem(http.get("/api/v1/admin/webhooks/github/deliveries?outcome=bogus", admin), 400, "invalid-request");
        assertProblem(http.get("/api/v1/admin/webhooks/github/deliveries", reader), 403, "missing-scope");
        assertProblem(http.get("/api/v1/admin/webhooks/github/deliveries", null), 401, "unauthorized");
    }

    @Test
    void theLogNeverHoldsTheSecretOrTheSignature() {
        byte[] body = failureOfRun(newRunId());
        String good = sign(CURRENT, body);
        String bad = sign("attacker-guess", body);
        hook.deliver(body, "workflow_run", newDeliveryId(), good, JSON);
        hook.deliver(body, "workflow_run", newDeliveryId(), bad, JSON);

        String everything = jdbi.withHandle(h -> h.createQuery(
                "select coalesce(string_agg(row_to_json(d)::text, ''), '') from webhook_deliveries d").mapTo(String.class).one());
        assertThat(everything).doesNotContain(good.substring(7)).doesNotContain(bad.substring(7))
                .doesNotContain(CURRENT).doesNotContain(PREVIOUS).doesNotContain("attacker-guess");
    }

}
