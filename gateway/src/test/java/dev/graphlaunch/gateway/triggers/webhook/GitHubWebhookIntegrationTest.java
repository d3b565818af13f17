package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.CHECK_SUITE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.JOB_FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.PING;
import static dev.graphlaunch.gateway.support.GitHubFixtures.REQUESTED;
import static dev.graphlaunch.gateway.support.GitHubFixtures.SUCCESS;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.replace;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.CURRENT;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.FORM;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.JSON;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.PREVIOUS;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.assertProblem;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.failureOfRun;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.formEncoded;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.keyOf;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newDeliveryId;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newRunId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The issue's acceptance 2-7 against a real PostgreSQL, driven with GitHub's own payload examples
 * signed exactly as GitHub signs them. Temporal is out of reach here: started runs wait in the
 * outbox, which is all a trigger promises; running them is the system tests' business.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GitHubWebhookIntegrationTest {
    private static final String FIXTURE_KEY = "webhook:github:octo-org/octo-repo:289782451:1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String DB_URL = TestDatabases.fresh("webhook");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WebhookClient hook;
    private static String reader;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        hook = new WebhookClient(http, jdbi);
        reader = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:read"), "").key();
    }

    // --- acceptance 1/2: one run per workflow run attempt -----------------------------------------

    @Test
    void failureFixtureStartsOneRunAndRedeliveriesAreDuplicates() {
        byte[] body = bytes(FAILURE);
        String firstDelivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

        Reply first = hook.deliver(body, "workflow_run", firstDelivery);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().path("outcome").asText()).isEqualTo("started");
        String runId = first.json().path("runId").asText();
        assertThat(first.json().path("workflowId").asText()).isEqualTo("graph-run:acme:" + FIXTURE_KEY);
        assertThat(first.json().path("status").asText()).isEqualTo("accepted");
        assertThat(first.json().path("links").path("self").asText()).isEqualTo("/api/v1/runs/" + runId);

        Reply redelivery = hook.deliver(body, "workflow_run", firstDelivery);
        Reply otherHook = hook.deliver(body, "workflow_run", newDeliveryId(), sign(PREVIOUS, body), JSON);
        for (Reply again : List.of(redelivery, otherHook)) {
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(again.json().path("runId").asText()).isEqualTo(runId);
            assertThat(again.json().path("reason").asText()).contains("289782451");
        }
        assertThat(hook.runsWithKey(FIXTURE_KEY)).isEqualTo(1);
        assertThat(hook.deliveriesWithId(firstDelivery)).extracting(row -> row.get("outcome"))
                .containsExactly("started", "duplicate");
        assertThat(hook.deliveriesWithId(firstDelivery)).allSatisfy(row -> {
            assertThat(row.get("run_id")).hasToString(runId);
            assertThat(row.get("event")).isEqualTo("workflow_run");
            assertThat(row.get("action")).isEqualTo("completed");
            assertThat(row.get("repository")).isEqualTo("octo-org/octo-repo");
            assertThat(row.get("hook_id")).isEqualTo("292430182");
        });

        // Provenance as the run API shows it, set by the server from the verified delivery.
        Reply run = http.get("/api/v1/runs/" + runId, reader);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("graphId").asText()).isEqualTo("builtin:ci-failure-triage");
        assertThat(run.json().path("runKind").asText()).isEqualTo("system_webhook");
        assertThat(run.json().path("triggerSource").asText()).isEqualTo("webhook:github");
        assertThat(run.json().path("triggerRef").asText()).isEqualTo(firstDelivery);
        assertThat(run.json().path("requestedBy").asText()).isEqualTo("github:Codertocat");
        assertThat(run.json().path("input").path("repo").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(run.json().path("input").path("failures").get(0).path("runId").asLong()).isEqualTo(289782451L);

        Map<String, Object> stored = jdbi.withHandle(h -> h.createQuery(
                        "select grant_ref, trigger_metadata::text as metadata from graph_runs where id = cast(:id as uuid)")
                .bind("id", runId).mapToMap().one());
        assertThat(stored.get("grant_ref")).isEqualTo("webhook:github");
        JsonNode metadata = readJson((String) stored.get("metadata"));
        assertThat(metadata.path("event").asText()).isEqualTo("workflow_run");
        assertThat(metadata.path("deliveryId").asText()).isEqualTo(firstDelivery);
        assertThat(metadata.path("hookId").asText()).isEqualTo("292430182");
        assertThat(metadata.path("installationTargetType").asText()).isEqualTo("organization");
        assertThat(metadata.path("installationTargetId").asText()).isEqualTo("41548062");
        assertThat(metadata.path("repository").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(metadata.path("workflowRunId").asLong()).isEqualTo(289782451L);
        assertThat(metadata.path("runAttempt").asInt()).isEqualTo(1);

        // Temporal is out of reach: the start waits in the outbox instead of being lost.
        long pending = jdbi.withHandle(h -> h.createQuery(
                "select count(*) from run_start_outbox where run_id = cast(:id as uuid)").bind("id", runId)
                .mapTo(Long.class).one());
        assertThat(pending).isEqualTo(1);
    }

    @Test
    void textPostgreSqlCannotStoreInASignedPayloadIsReplacedNotA500() {
        long runId = newRunId();
        byte[] body = replace(replace(failureOfRun(runId), "\"name\": \"test\",", "\"name\": \"te\\u0000st\\ud800\","),
                "\"login\": \"Codertocat\"", "\"login\": \"Code\\u0000rtocat\"");
        String delivery = newDeliveryId();

        Reply reply = hook.deliver(body, "workflow_run", delivery);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().path("outcome").asText()).isEqualTo("started");
        assertThat(hook.onlyDelivery(delivery).get("outcome")).isEqualTo("started");
        Reply run = http.get("/api/v1/runs/" + reply.json().path("runId").asText(), reader);
        assertThat(run.json().path("input").path("failures").get(0).path("workflow").asText()).isEqualTo("te\uFFFDst\uFFFD");
        assertThat(run.json().path("requestedBy").asText()).isEqualTo("github:Code\uFFFDrtocat");
    }

    @Test
    void rerunOfTheFailedWorkflowIsASecondRun() {
        long runId = newRunId();
        byte[] attempt1 = failureOfRun(runId);
        byte[] attempt2 = replace(attempt1, "\"run_attempt\": 1,", "\"run_attempt\": 2,");

        Reply first = hook.deliver(attempt1, "workflow_run", newDeliveryId());
        Reply rerun = hook.deliver(attempt2, "workflow_run", newDeliveryId());

        assertThat(first.json().path("outcome").asText()).isEqualTo("started");
        assertThat(rerun.json().path("outcome").asText()).as(rerun.body()).isEqualTo("started");
        assertThat(rerun.json().path("runId").asText()).isNotEqualTo(first.json().path("runId").asText());
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isEqualTo(1);
        assertThat(hook.runsWithKey(keyOf(runId, 2))).isEqualTo(1);
        Reply run = http.get("/api/v1/runs/" + rerun.json().path("runId").asText(), reader);
        assertThat(run.json().path("input").path("failures").get(0).path("attempt").asInt()).isEqualTo(2);
    }

    // --- acceptance 3: refused deliveries ---------------------------------------------------------

    @Test
    void wrongSecretIs401RejectedAndStartsNothing() {
        long runId = newRunId();
        byte[] body = failureOfRun(runId);
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(body, "workflow_run", deliveryId, sign("not-our-secret", body), JSON);

        hook.assertRejectedAndLogged(reply, deliveryId, 401, "invalid-signature");
        assertThat(reply.header("WWW-Authenticate")).isNotBlank();
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    @Test
    void signatureOverReserializedJsonIs401() throws Exception {
        long runId = newRunId();
        byte[] raw = failureOfRun(runId);
        byte[] reserialized = MAPPER.writeValueAsBytes(MAPPER.readTree(raw));
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(raw, "workflow_run", deliveryId, sign(CURRENT, reserialized), JSON);

        hook.assertRejectedAndLogged(reply, deliveryId, 401, "invalid-signature");
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    @Test
    void truncatedSignatureIs401() {
        long runId = newRunId();
        byte[] body = failureOfRun(runId);
        String signature = sign(CURRENT, body);
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(body, "workflow_run", deliveryId, signature.substring(0, signature.length() - 1), JSON);

        hook.assertRejectedAndLogged(reply, deliveryId, 401, "invalid-signature");
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    @Test
    void missingSignatureHeaderIs401() {
        long runId = newRunId();
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(failureOfRun(runId), "workflow_run", deliveryId, null, JSON);

        hook.assertRejectedAndLogged(reply, deliveryId, 401, "invalid-signature");
        assertThat(reply.json().path("detail").asText()).contains("X-Hub-Signature-256");
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    @Test
    void missingEventOrDeliveryHeaderIs400AndLogged() {
        long runId = newRunId();
        byte[] body = failureOfRun(runId);
        String deliveryId = newDeliveryId();

        Reply noEvent = hook.deliver(body, null, deliveryId);
        hook.assertRejectedAndLogged(noEvent, deliveryId, 400, "invalid-request");
        assertThat(noEvent.json().path("detail").asText()).contains("X-GitHub-Event");

        long before = TestDatabases.count(jdbi, "webhook_deliveries");
        Reply noDelivery = hook.deliver(body, "workflow_run", null);
        assertProblem(noDelivery, 400, "invalid-request");
        assertThat(noDelivery.json().path("detail").asText()).contains("X-GitHub-Delivery");
        assertThat(TestDatabases.count(jdbi, "webhook_deliveries")).isEqualTo(before + 1);
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    @Test
    void signedButMalformedOrUnsupportedBodiesAreRefused() {
        byte[] notJson = "{\"action\": ".getBytes(StandardCharsets.UTF_8);
        String deliveryId = newDeliveryId();
        hook.assertRejectedAndLogged(hook.deliver(notJson, "workflow_run", deliveryId), deliveryId, 400, "invalid-request");

        byte[] body = failureOfRun(newRunId());
        String textDelivery = newDeliveryId();
        Reply text = hook.deliver(body, "workflow_run", textDelivery, sign(CURRENT, body), "text/plain");
        hook.assertRejectedAndLogged(text, textDelivery, 415, "unsupported-media-type");

        byte[] noSender = replace(failureOfRun(newRunId()), "\"sender\": {", "\"sender_gone\": {");
        String noSenderDelivery = newDeliveryId();
        Reply missing = hook.deliver(noSender, "workflow_run", noSenderDelivery);
        hook.assertRejectedAndLogged(missing, noSenderDelivery, 400, "invalid-request");
        assertThat(missing.json().path("detail").asText()).contains("sender.login");
    }

    // --- acceptance 4: every other fixture ---------------------------------------------------------

    @Test
    void pingIs200AndStartsNothing() {
        long before = TestDatabases.count(jdbi, "graph_runs");
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(bytes(PING), "ping", deliveryId);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(reply.json().path("reason").asText()).contains("ping").contains("109948940");
        assertThat(reply.json().has("runId")).isFalse();
        assertThat(hook.onlyDelivery(deliveryId).get("outcome")).isEqualTo("ignored");
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void everyOtherFixtureIsAcceptedIgnoredWithItsReasonAndStartsNothing() {
        Map<String, String[]> fixtures = new LinkedHashMap<>();
        fixtures.put(SUCCESS, new String[] {"workflow_run", "conclusion 'success'"});
        fixtures.put(REQUESTED, new String[] {"workflow_run", "action 'requested'"});
        fixtures.put(JOB_FAILURE, new String[] {"workflow_job", "event 'workflow_job' is not handled"});
        fixtures.put(CHECK_SUITE, new String[] {"check_suite", "event 'check_suite' is not handled"});
        long before = TestDatabases.count(jdbi, "graph_runs");

        fixtures.forEach((fixture, expected) -> {
            String deliveryId = newDeliveryId();
            Reply reply = hook.deliver(bytes(fixture), expected[0], deliveryId);
            assertThat(reply.status()).as(fixture + ": " + reply.body()).isEqualTo(202);
            assertThat(reply.json().path("outcome").asText()).as(fixture).isEqualTo("ignored");
            assertThat(reply.json().path("reason").asText()).as(fixture).contains(expected[1]);
            assertThat(reply.json().has("runId")).as(fixture).isFalse();
            Map<String, Object> row = hook.onlyDelivery(deliveryId);
            assertThat(row.get("outcome")).as(fixture).isEqualTo("ignored");
            assertThat(row.get("reason")).as(fixture).isEqualTo(reply.json().path("reason").asText());
            assertThat(row.get("event")).as(fixture).isEqualTo(expected[0]);
        });
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(before);
    }

    @Test
    void failureOnARepositoryOrBranchNotConfiguredIsIgnored() {
        long runId = newRunId();
        byte[] otherRepo = replace(failureOfRun(runId), "\"full_name\": \"octo-org/octo-repo\",\n    \"git_commits_url\"",
                "\"full_name\": \"octo-org/secret-repo\",\n    \"git_commits_url\"");
        byte[] otherBranch = replace(failureOfRun(runId), "\"head_branch\": \"master\"", "\"head_branch\": \"wip/try\"");

        Reply repo = hook.deliver(otherRepo, "workflow_run", newDeliveryId());
        Reply branch = hook.deliver(otherBranch, "workflow_run", newDeliveryId());

        assertThat(repo.status()).isEqualTo(202);
        assertThat(repo.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(repo.json().path("reason").asText()).contains("octo-org/secret-repo");
        assertThat(branch.status()).isEqualTo(202);
        assertThat(branch.json().path("outcome").asText()).isEqualTo("ignored");
        assertThat(branch.json().path("reason").asText()).contains("wip/try");
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isZero();
    }

    // --- acceptance 5/6: rotation, form encoding ----------------------------------------------------

    @Test
    void oldAndNewSecretAreBothAcceptedDuringRotation() {
        byte[] signedNew = failureOfRun(newRunId());
        byte[] signedOld = failureOfRun(newRunId());

        Reply withNew = hook.deliver(signedNew, "workflow_run", newDeliveryId(), sign(CURRENT, signedNew), JSON);
        Reply withOld = hook.deliver(signedOld, "workflow_run", newDeliveryId(), sign(PREVIOUS, signedOld), JSON);

        assertThat(withNew.json().path("outcome").asText()).as(withNew.body()).isEqualTo("started");
        assertThat(withOld.json().path("outcome").asText()).as(withOld.body()).isEqualTo("started");
    }

    @Test
    void formEncodedDeliveryBehavesLikeTheJsonOne() {
        long formRun = newRunId();
        long jsonRun = newRunId();
        byte[] form = formEncoded(failureOfRun(formRun));

        Reply viaForm = hook.deliver(form, "workflow_run", newDeliveryId(), sign(CURRENT, form), FORM);
        Reply viaJson = hook.deliver(failureOfRun(jsonRun), "workflow_run", newDeliveryId());
        // The same workflow run as JSON is the same trigger: the semantic key does not care how it came.
        Reply sameAsJson = hook.deliver(failureOfRun(formRun), "workflow_run", newDeliveryId());

        assertThat(viaForm.status()).as(viaForm.body()).isEqualTo(202);
        assertThat(viaForm.json().path("outcome").asText()).isEqualTo("started");
        assertThat(sameAsJson.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(sameAsJson.json().path("runId").asText()).isEqualTo(viaForm.json().path("runId").asText());
        JsonNode formInput = http.get("/api/v1/runs/" + viaForm.json().path("runId").asText(), reader).json().path("input");
        JsonNode jsonInput = http.get("/api/v1/runs/" + viaJson.json().path("runId").asText(), reader).json().path("input");
        assertThat(formInput.path("failures").get(0).path("runId").asLong()).isEqualTo(formRun);
        ((ObjectNode) formInput.path("failures").get(0)).put("runId", jsonRun);
        // Compared as text: jsonb stores keys in one order, and the node types of numbers may differ.
        assertThat(formInput.toString()).isEqualTo(jsonInput.toString());
    }

    @Test
    void formEncodedDeliverySignedOverTheDecodedJsonIs401() {
        byte[] json = failureOfRun(newRunId());
        String deliveryId = newDeliveryId();

        Reply reply = hook.deliver(formEncoded(json), "workflow_run", deliveryId, sign(CURRENT, json), FORM);

        hook.assertRejectedAndLogged(reply, deliveryId, 401, "invalid-signature");
    }

    // --- acceptance 7: concurrency ------------------------------------------------------------------

    @Test
    void fiftyConcurrentDeliveriesOfOneFailureStartOneRun() throws Exception {
        long runId = newRunId();
        byte[] body = failureOfRun(runId);
        List<String> deliveryIds = List.of(newDeliveryId(), newDeliveryId(), newDeliveryId(), newDeliveryId(), newDeliveryId());
        int deliveries = 50;
        // One thread per delivery, released together, so all 50 really race for the same key.
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            String deliveryId = deliveryIds.get(i % deliveryIds.size());
            calls.add(() -> {
                start.await();
                return hook.deliver(body, "workflow_run", deliveryId);
            });
        }
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Reply> reply : futures) {
                replies.add(reply.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(202));
        assertThat(replies).extracting(reply -> reply.json().path("runId").asText()).containsOnly(
                replies.get(0).json().path("runId").asText());
        assertThat(replies).filteredOn(reply -> reply.json().path("outcome").asText().equals("started")).hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.json().path("outcome").asText().equals("duplicate")).hasSize(49);
        assertThat(hook.runsWithKey(keyOf(runId, 1))).isEqualTo(1);
        long logged = jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from webhook_deliveries where delivery_id in (<ids>)")
                .bindList("ids", deliveryIds).mapTo(Long.class).one());
        assertThat(logged).isEqualTo(50);
    }

    private static JsonNode readJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
