package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.PING;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.FORM;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.JSON;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.assertProblem;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.failureOfRun;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.formEncoded;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.keyOf;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newDeliveryId;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newRunId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replaying a logged delivery from its kept body, against a real PostgreSQL: which bodies are kept
 * (never one that failed verification), the semantic dedupe a replay shares with a redelivery, a
 * rerun on request, provenance, and every refusal. Temporal is out of reach: runs wait in the outbox.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeliveryReplayIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("webhook_replay");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WebhookClient hook;
    private static String admin;
    private static String reader;
    private static String otherTenantAdmin;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        hook = new WebhookClient(http, jdbi);
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        admin = keys.issue("acme", "ops@acme.test", List.of("admin"), "").key();
        reader = keys.issue("acme", "app@acme.test", List.of("runs:read", "runs:write", "*"), "").key();
        otherTenantAdmin = keys.issue("globex", "ops@globex.test", List.of("admin"), "").key();
    }

    // --- what is kept ---------------------------------------------------------------------------------

    @Test
    void aVerifiedDeliveryKeepsItsRawBytesAndHeadersButNeverTheSignature() {
        byte[] body = failureOfRun(newRunId());
        String deliveryId = newDeliveryId();

        hook.deliver(body, "workflow_run", deliveryId);

        UUID logId = logId(deliveryId);
        Map<String, Object> kept = jdbi.withHandle(h -> h.createQuery(
                        "select body, headers::text as headers from webhook_delivery_bodies where delivery_log_id = :id")
                .bind("id", logId).mapToMap().one());
        assertThat((byte[]) kept.get("body")).isEqualTo(body);
        JsonNode headers = json((String) kept.get("headers"));
        assertThat(headers.path("event").asText()).isEqualTo("workflow_run");
        assertThat(headers.path("deliveryId").asText()).isEqualTo(deliveryId);
        assertThat(headers.path("hookId").asText()).isEqualTo("292430182");
        assertThat(headers.path("installationTargetType").asText()).isEqualTo("organization");
        assertThat(headers.path("installationTargetId").asText()).isEqualTo("41548062");
        assertThat(headers.toString()).doesNotContain("sha256=").doesNotContain("signature");
    }

    @Test
    void noBodyThatFailedVerificationOrWasRefusedIsEverStored() {
        byte[] body = failureOfRun(newRunId());
        long before = TestDatabases.count(jdbi, "webhook_delivery_bodies");
        String wrongSecret = newDeliveryId();
        String unsigned = newDeliveryId();
        String truncated = newDeliveryId();
        String notJson = newDeliveryId();
        String plainText = newDeliveryId();

        hook.deliver(body, "workflow_run", wrongSecret, sign("not-our-secret", body), JSON);
        hook.deliver(body, "workflow_run", unsigned, null, JSON);
        hook.deliver(body, "workflow_run", truncated, sign(WebhookClient.CURRENT, body).substring(0, 40), JSON);
        byte[] broken = "{\"action\": ".getBytes(StandardCharsets.UTF_8);
        hook.deliver(broken, "workflow_run", notJson);
        hook.deliver(body, "workflow_run", plainText, sign(WebhookClient.CURRENT, body), "text/plain");

        for (String deliveryId : List.of(wrongSecret, unsigned, truncated, notJson, plainText)) {
            assertThat(hook.onlyDelivery(deliveryId).get("outcome")).isEqualTo("rejected");
        }
        assertThat(TestDatabases.count(jdbi, "webhook_delivery_bodies")).isEqualTo(before);
    }

    @Test
    void theListingSaysWhichDeliveriesCanBeReplayed() {
        String kept = newDeliveryId();
        String refused = newDeliveryId();
        byte[] body = failureOfRun(newRunId());
        hook.deliver(body, "workflow_run", kept);
        hook.deliver(body, "workflow_run", refused, sign("not-our-secret", body), JSON);

        assertThat(listed(kept).path("bodyKept").asBoolean()).isTrue();
        assertThat(listed(refused).path("bodyKept").asBoolean()).isFalse();
    }

    // --- dedupe and rerun -------------------------------------------------------------------------------

    @Test
    void replayingADeliveryThatMadeARunIsADuplicateOfThatRunEveryTime() {
        long runId = newRunId();
        String deliveryId = newDeliveryId();
        Reply live = hook.deliver(failureOfRun(runId), "workflow_run", deliveryId);
        String run = live.json().path("runId").asText();
        UUID logId = logId(deliveryId);

        Reply first = replay(logId, admin, null);
        Reply second = replay(logId, admin, Map.of("rerun", false));

        for (Reply again : List.of(first, second)) {
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(again.json().path("runId").asText()).isEqualTo(run);
            assertThat(again.json().path("replayOf").asText()).isEqualTo(logId.toString());
            assertThat(again.json().path("deliveryId").asText()).isEqualTo(deliveryId);
            assertThat(again.json().has("rerunOf")).isFalse();
        }
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isEqualTo(1);
        List<Map<String, Object>> rows = hook.deliveriesWithId(deliveryId);
        assertThat(rows).extracting(row -> row.get("outcome")).containsExactly("started", "duplicate", "duplicate");
        assertThat(rows.get(0).get("replay_of")).isNull();
        assertThat(rows.get(0).get("requested_by")).isNull();
        assertThat(rows.subList(1, 3)).allSatisfy(row -> {
            assertThat(row.get("replay_of")).isEqualTo(logId);
            assertThat(row.get("requested_by")).isEqualTo("ops@acme.test");
            assertThat(row.get("run_id")).hasToString(run);
        });
        assertThat(rows.get(1).get("id")).hasToString(first.json().path("replayId").asText());
        assertThat(TestDatabases.count(jdbi, "webhook_delivery_bodies where delivery_log_id in ('"
                + first.json().path("replayId").asText() + "', '" + second.json().path("replayId").asText() + "')"))
                .as("a replay keeps no second copy of the body").isZero();
    }

    @Test
    void rerunTrueStartsANewRunLinkedToTheFailuresRunAndRequestedByTheAdmin() {
        long runId = newRunId();
        String deliveryId = newDeliveryId();
        String original = hook.deliver(failureOfRun(runId), "workflow_run", deliveryId).json().path("runId").asText();
        UUID logId = logId(deliveryId);

        Reply rerun = replay(logId, admin, Map.of("rerun", true));

        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        assertThat(rerun.json().path("outcome").asText()).isEqualTo("started");
        String newRun = rerun.json().path("runId").asText();
        assertThat(newRun).isNotEqualTo(original);
        assertThat(rerun.json().path("rerunOf").asText()).isEqualTo(original);
        assertThat(rerun.header("Location")).endsWith("/api/v1/runs/" + newRun);
        JsonNode view = http.get("/api/v1/runs/" + newRun, reader).json();
        assertThat(view.path("rerunOf").asText()).isEqualTo(original);
        assertThat(view.path("requestedBy").asText()).isEqualTo("ops@acme.test");
        assertThat(view.path("triggerRef").asText()).as("names the original delivery").isEqualTo(deliveryId);
        assertThat(view.path("runKind").asText()).isEqualTo("system_webhook");
        assertThat(view.path("triggerSource").asText()).isEqualTo("webhook:github");
        assertThat(view.path("input").path("failures").get(0).path("runId").asLong()).isEqualTo(runId);
        JsonNode metadata = metadataOf(newRun);
        assertThat(metadata.path("replayOf").asText()).isEqualTo(logId.toString());
        assertThat(metadata.path("replayRequestedBy").asText()).isEqualTo("ops@acme.test");
        assertThat(metadata.path("originalRequestedBy").asText()).isEqualTo("github:Codertocat");
        assertThat(hook.runsWithKey(keyOf(runId, 1))).as("the failure's own run is untouched").isEqualTo(1);

        // A plain replay afterwards still answers the failure's first run.
        assertThat(replay(logId, admin, null).json().path("runId").asText()).isEqualTo(original);
    }

    @Test
    void aRerunWithTheSameIdempotencyKeyIsOneRerun() {
        String deliveryId = newDeliveryId();
        hook.deliver(failureOfRun(newRunId()), "workflow_run", deliveryId);
        UUID logId = logId(deliveryId);

        Reply first = http.postJson(replayPath(logId), admin, Map.of("rerun", true), Map.of("Idempotency-Key", "fix-1"));
        Reply again = http.postJson(replayPath(logId), admin, Map.of("rerun", true), Map.of("Idempotency-Key", "fix-1"));
        Reply other = http.postJson(replayPath(logId), admin, Map.of("rerun", true), Map.of("Idempotency-Key", "fix-2"));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.json().path("runId").asText()).isEqualTo(first.json().path("runId").asText());
        assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(other.json().path("runId").asText()).isNotEqualTo(first.json().path("runId").asText());
    }

    @Test
    void theBodyOfTheReplayRequestIsOptional() {
        String deliveryId = newDeliveryId();
        String run = hook.deliver(failureOfRun(newRunId()), "workflow_run", deliveryId).json().path("runId").asText();

        Reply replayed = http.send("POST", replayPath(logId(deliveryId)), Map.of("Authorization", "Bearer " + admin), null);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json().path("runId").asText()).isEqualTo(run);
    }

    @Test
    void aReplayOfAReplayRowReplaysItsOriginal() {
        String deliveryId = newDeliveryId();
        String run = hook.deliver(failureOfRun(newRunId()), "workflow_run", deliveryId).json().path("runId").asText();
        UUID logId = logId(deliveryId);
        String replayRow = replay(logId, admin, null).json().path("replayId").asText();

        Reply again = replay(UUID.fromString(replayRow), admin, null);

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("replayOf").asText()).isEqualTo(logId.toString());
        assertThat(again.json().path("runId").asText()).isEqualTo(run);
    }

    @Test
    void aFormEncodedDeliveryReplaysLikeTheJsonOne() {
        long runId = newRunId();
        byte[] form = formEncoded(failureOfRun(runId));
        String deliveryId = newDeliveryId();
        String run = hook.deliver(form, "workflow_run", deliveryId, sign(WebhookClient.CURRENT, form), FORM)
                .json().path("runId").asText();

        Reply replayed = replay(logId(deliveryId), admin, null);

        assertThat(replayed.json().path("outcome").asText()).as(replayed.body()).isEqualTo("duplicate");
        assertThat(replayed.json().path("runId").asText()).isEqualTo(run);
    }

    @Test
    void anIgnoredDeliveryReplayedUnderTheSameConfigurationIsIgnoredAgainWithItsReason() {
        long runId = newRunId();
        byte[] otherRepo = WebhookClient.replaceRepository(failureOfRun(runId), "octo-org/secret-repo");
        String deliveryId = newDeliveryId();
        hook.deliver(otherRepo, "workflow_run", deliveryId);

        Reply replayed = replay(logId(deliveryId), admin, Map.of("rerun", true));

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(replayed.json().path("reason").asText()).contains("octo-org/secret-repo");
        assertThat(TestDatabases.count(jdbi, "graph_runs where idempotency_key like '%:" + runId + ":%'")).isZero();
    }

    @Test
    void aPingReplaysAsAPing() {
        String deliveryId = newDeliveryId();
        hook.deliver(bytes(PING), "ping", deliveryId);

        Reply replayed = replay(logId(deliveryId), admin, null);

        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(replayed.json().path("reason").asText()).startsWith("ping received");
    }

    // --- refusals ----------------------------------------------------------------------------------------

    @Test
    void anUnknownMalformedOrOtherTenantsDeliveryIs404() {
        String deliveryId = newDeliveryId();
        hook.deliver(failureOfRun(newRunId()), "workflow_run", deliveryId);

        assertProblem(replay(UUID.randomUUID(), admin, null), 404, "webhook-delivery-not-found");
        assertProblem(http.postJson("/api/v1/admin/webhooks/github/deliveries/not-a-uuid/replay", admin, Map.of(),
                Map.of()), 404, "webhook-delivery-not-found");
        assertProblem(replay(logId(deliveryId), otherTenantAdmin, null), 404, "webhook-delivery-not-found");
    }

    @Test
    void replayNeedsTheAdminScope() {
        String deliveryId = newDeliveryId();
        hook.deliver(failureOfRun(newRunId()), "workflow_run", deliveryId);
        long deliveries = TestDatabases.count(jdbi, "webhook_deliveries");

        assertProblem(replay(logId(deliveryId), reader, null), 403, "missing-scope");
        assertThat(replay(logId(deliveryId), null, null).status()).isEqualTo(401);
        assertThat(TestDatabases.count(jdbi, "webhook_deliveries")).isEqualTo(deliveries);
    }

    @Test
    void aRejectedDeliveryIs409SayingItsBodyWasNeverKept() {
        byte[] body = failureOfRun(newRunId());
        String deliveryId = newDeliveryId();
        hook.deliver(body, "workflow_run", deliveryId, sign("not-our-secret", body), JSON);

        Reply refused = replay(logId(deliveryId), admin, null);

        assertProblem(refused, 409, "delivery-not-replayable");
        assertThat(refused.json().path("detail").asText()).contains("was rejected").contains("never kept")
                .contains("does not match the body");
        assertThat(hook.deliveriesWithId(deliveryId)).hasSize(1);
    }

    @Test
    void aBodyPastItsRetentionIs410EvenBeforeThePurgeAndThePurgeDeletesIt() {
        long runId = newRunId();
        String deliveryId = newDeliveryId();
        hook.deliver(failureOfRun(runId), "workflow_run", deliveryId);
        UUID logId = logId(deliveryId);
        jdbi.useHandle(h -> h.createUpdate("update webhook_delivery_bodies set received_at = now() - interval '8 days'"
                + " where delivery_log_id = :id").bind("id", logId).execute());

        Reply gone = replay(logId, admin, null);

        assertProblem(gone, 410, "delivery-body-gone");
        assertThat(gone.json().path("detail").asText()).contains("no longer kept").contains("7 days")
                .contains("githubWebhook.keepBodiesFor");
        GitHubWebhookConfig config = APP.getConfiguration().getGithubWebhook();
        int purged = new DeliveryBodyPurge(jdbi.onDemand(WebhookReplayDao.class), config, Clock.systemUTC()).purge();
        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(TestDatabases.count(jdbi, "webhook_delivery_bodies where delivery_log_id = '" + logId + "'")).isZero();
        assertThat(listed(deliveryId).path("bodyKept").asBoolean()).isFalse();
        assertProblem(replay(logId, admin, null), 410, "delivery-body-gone");
    }

    private static Reply replay(UUID logId, String key, Map<String, Object> body) {
        return http.postJson(replayPath(logId), key, body == null ? Map.of() : body, Map.of());
    }

    private static String replayPath(UUID logId) {
        return "/api/v1/admin/webhooks/github/deliveries/" + logId + "/replay";
    }

    private static UUID logId(String deliveryId) {
        return (UUID) hook.deliveriesWithId(deliveryId).get(0).get("id");
    }

    private static JsonNode listed(String deliveryId) {
        Reply page = http.get("/api/v1/admin/webhooks/github/deliveries?deliveryId=" + deliveryId, admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("items").get(0);
    }

    private static JsonNode metadataOf(String runId) {
        return json(jdbi.withHandle(h -> h.createQuery(
                        "select trigger_metadata::text from graph_runs where id = cast(:id as uuid)")
                .bind("id", runId).mapTo(String.class).one()));
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
