package dev.graphlaunch.gateway.triggers.webhook.catchup;

import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.replace;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.PrometheusScrape;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.FakeGitHub;
import dev.graphlaunch.gateway.support.FakeGitHub.Fault;
import dev.graphlaunch.gateway.support.FakeGitHub.Seen;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Catch-up end to end: the gateway lists octo-org/octo-repo's failing runs from the fake GitHub
 * API (GitHub Enterprise style root, Link pagination, rate limit, 5xx), against a real PostgreSQL
 * and the real Temporal dev server (no worker: started workflows wait there). The repository comes
 * from the webhook's allow-list in test-gateway.yml (its exact entry; {@code Codertocat/*} cannot
 * be listed), branches {@code master} and {@code release/*}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CatchUpIntegrationTest {
    private static final String TOKEN = "ghs_catch-up-integration-token";
    private static final String REPO = "octo-org/octo-repo";
    private static final String WEBHOOK_SECRET = "test-webhook-secret-current";
    private static final AtomicLong RUN_IDS = new AtomicLong(700_000_000L + (System.nanoTime() % 1_000_000L) * 100);
    private static final FakeGitHub GITHUB = new FakeGitHub(TOKEN);
    /** Failed while the gateway was down: the scan at start-up must find it. */
    private static final long MISSED_BEFORE_START = RUN_IDS.incrementAndGet();

    static {
        GITHUB.addRun(REPO, MISSED_BEFORE_START, 1, "failure", "master", Instant.now().minus(3, ChronoUnit.HOURS));
    }

    private static final String DB_URL = TestDatabases.fresh("catchup");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("temporal.address", () -> TemporalDevServer.shared().address()),
            ConfigOverride.config("githubWebhook.catchUp.enabled", "true"),
            ConfigOverride.config("githubWebhook.catchUp.token", TOKEN),
            ConfigOverride.config("githubWebhook.catchUp.apiUrl", GITHUB::apiUrl),
            // Only the start-up scan is scheduled within the test; the tests scan through the admin API.
            ConfigOverride.config("githubWebhook.catchUp.interval", "1h"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String admin;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        admin = keys.issue("acme", "ops@acme.test", List.of("admin", "runs:read"), "").key();
        // The scheduled scan at start-up, before any test scans by hand (they would meet its lease).
        await().atMost(Duration.ofSeconds(30)).until(() -> !status().path("lastSuccessAt").isNull());
    }

    @AfterAll
    static void stopGitHub() {
        GITHUB.close();
    }

    @Test
    void theScanAtStartUpTriggersAFailureMissedWhileTheGatewayWasDown() {
        Map<String, Object> run = runOf(MISSED_BEFORE_START, 1);

        assertThat(run).containsEntry("trigger_source", "catch_up:github").containsEntry("run_kind", "system_webhook");
        assertThat(runsWithKey(key(MISSED_BEFORE_START, 1))).isEqualTo(1);
    }

    @Test
    void missedFailuresAcrossPagesBecomeExactlyOneRunEachWithCatchUpProvenance() {
        Instant now = Instant.now();
        long[] failed = {RUN_IDS.incrementAndGet(), RUN_IDS.incrementAndGet(), RUN_IDS.incrementAndGet()};
        for (int i = 0; i < failed.length; i++) {
            GITHUB.addRun(REPO, failed[i], 1, "failure", "master", now.minusSeconds(60L * (i + 1)));
        }
        long timedOut = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, timedOut, 1, "timed_out", "release/1.2", now.minusSeconds(30));
        GITHUB.pageSize(2);
        GITHUB.clearRequests();
        try {
            JsonNode report = scanNow();

            assertThat(report.path("outcome").asText()).as(report.toString()).isEqualTo("scanned");
            assertThat(report.path("started").asInt()).isEqualTo(4);
            // More than one page for the failures, each next page taken from the Link header.
            assertThat(GITHUB.requests()).extracting(Seen::pathAndQuery).anyMatch(q -> q.contains("status=failure")
                    && q.contains("page=2"));
        } finally {
            GITHUB.pageSize(100);
        }

        for (long id : new long[] {failed[0], failed[1], failed[2], timedOut}) {
            assertThat(runsWithKey(key(id, 1))).as("runs of workflow run " + id).isEqualTo(1);
            Map<String, Object> stored = runOf(id, 1);
            Reply run = http.get("/api/v1/runs/" + stored.get("id"), admin);
            assertThat(run.json().path("runKind").asText()).isEqualTo("system_webhook");
            assertThat(run.json().path("triggerSource").asText()).isEqualTo("catch_up:github");
            assertThat(run.json().path("triggerRef").asText()).isEqualTo("https://github.com/" + REPO + "/actions/runs/" + id);
            assertThat(run.json().path("requestedBy").asText()).isEqualTo("github-catch-up");
            JsonNode listed = run.json().path("input").path("failures");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("runId").asLong()).isEqualTo(id);
            assertThat(listed.get(0).path("workflow").asText()).isEqualTo("Build");
            assertThat(listed.get(0).path("actor").asText()).isEqualTo("octocat");
            assertThat(stored.get("metadata").toString()).contains("\"foundBy\": \"catch_up\"");
            assertThat(foundBy(id, 1)).isEqualTo("catch_up");
        }
        // Started in Temporal, once each.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (long id : new long[] {failed[0], failed[1], failed[2], timedOut}) {
                assertThat(runOf(id, 1).get("status")).isEqualTo("queued");
                assertThat(executions("graph-run:acme:" + key(id, 1))).isEqualTo(1);
            }
        });
    }

    @Test
    void aSecondScanTriggersNothingNew() {
        GITHUB.addRun(REPO, RUN_IDS.incrementAndGet(), 1, "failure", "master", Instant.now());
        JsonNode first = scanNow();
        assertThat(first.path("started").asInt()).as(first.toString()).isEqualTo(1);

        JsonNode second = scanNow();

        assertThat(second.path("outcome").asText()).isEqualTo("scanned");
        assertThat(second.path("started").asInt()).as(second.toString()).isZero();
        assertThat(second.path("duplicates").asInt()).isZero();
        assertThat(second.path("alreadyTriggered").asInt()).isEqualTo(second.path("listed").asInt() - second.path("ignored").asInt());
    }

    @Test
    void aFailureAlreadyDeliveredIsNotTriggeredAgainAndADeliveryAfterCatchUpIsADuplicate() {
        long delivered = RUN_IDS.incrementAndGet();
        Reply delivery = deliver(delivered);
        assertThat(delivery.json().path("outcome").asText()).as(delivery.body()).isEqualTo("started");
        GITHUB.addRun(REPO, delivered, 1, "failure", "master", Instant.now());
        long caughtUp = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, caughtUp, 1, "failure", "master", Instant.now());

        JsonNode report = scanNow();

        assertThat(report.path("started").asInt()).as(report.toString()).isEqualTo(1);
        assertThat(report.path("duplicates").asInt()).isZero();
        assertThat(runsWithKey(key(delivered, 1))).isEqualTo(1);
        assertThat(runOf(delivered, 1)).containsEntry("trigger_source", "webhook:github")
                .containsEntry("id", UUID.fromString(delivery.json().path("runId").asText()));
        assertThat(runOf(caughtUp, 1)).containsEntry("trigger_source", "catch_up:github");
        assertThat(foundBy(delivered, 1)).isEqualTo("delivery");
        assertThat(foundBy(caughtUp, 1)).isEqualTo("catch_up");

        Reply late = deliver(caughtUp);

        assertThat(late.json().path("outcome").asText()).as(late.body()).isEqualTo("duplicate");
        assertThat(late.json().path("runId").asText()).isEqualTo(runOf(caughtUp, 1).get("id").toString());
        assertThat(runsWithKey(key(caughtUp, 1))).isEqualTo(1);
    }

    @Test
    void theWebhooksFiltersAndTheLookbackHold() {
        Instant now = Instant.now();
        long otherBranch = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, otherBranch, 1, "failure", "feature/x", now);
        long cancelled = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, cancelled, 1, "cancelled", "master", now);
        long succeeded = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, succeeded, 1, "success", "master", now);
        long tooOld = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, tooOld, 1, "failure", "master", now.minus(25, ChronoUnit.HOURS));
        long patternOnly = RUN_IDS.incrementAndGet();
        GITHUB.addRun("Codertocat/Hello-World", patternOnly, 1, "failure", "master", now);
        long rerun = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, rerun, 2, "startup_failure", "master", now);
        GITHUB.clearRequests();

        JsonNode report = scanNow();

        assertThat(report.path("outcome").asText()).as(report.toString()).isEqualTo("scanned");
        assertThat(report.path("started").asInt()).isEqualTo(1);
        assertThat(runsWithKey(key(rerun, 2))).isEqualTo(1);
        for (long id : new long[] {otherBranch, cancelled, succeeded, tooOld}) {
            assertThat(runsWithKey(key(id, 1))).as("workflow run " + id).isZero();
        }
        assertThat(runsWithKey("webhook:github:Codertocat/Hello-World:" + patternOnly + ":1")).isZero();
        // One listing per configured conclusion, each with GitHub's created filter.
        assertThat(GITHUB.requests()).extracting(Seen::pathAndQuery)
                .allMatch(query -> query.startsWith("/api/v3/repos/octo-org/octo-repo/actions/runs?")
                        && query.contains("created=%3E%3D"))
                .anyMatch(query -> query.contains("status=failure"))
                .anyMatch(query -> query.contains("status=timed_out"))
                .anyMatch(query -> query.contains("status=startup_failure"))
                .noneMatch(query -> query.contains("status=cancelled"));
    }

    @Test
    void aRateLimitAndA5xxDuringAScanAreWaitedOutAndTriedAgain() {
        long id = RUN_IDS.incrementAndGet();
        GITHUB.addRun(REPO, id, 1, "failure", "master", Instant.now());
        GITHUB.clearRequests();
        GITHUB.failNext(Fault.RATE_LIMITED, Fault.SERVER_ERROR);

        JsonNode report = scanNow();

        assertThat(report.path("outcome").asText()).as(report.toString()).isEqualTo("scanned");
        assertThat(report.path("started").asInt()).isEqualTo(1);
        assertThat(GITHUB.requests()).extracting(Seen::answered).startsWith(403, 502, 200)
                .filteredOn(status -> status == 403).hasSize(1);
        assertThat(GITHUB.requests()).allSatisfy(request ->
                assertThat(request.headers()).containsEntry("authorization", "Bearer " + TOKEN));
    }

    @Test
    void aFailingScanIsVisibleToOpsAndTheNextSuccessClearsIt() {
        GITHUB.revokeToken();
        JsonNode failed;
        try {
            failed = scanNow();
        } finally {
            GITHUB.restoreToken();
        }

        assertThat(failed.path("outcome").asText()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).contains("401", "Bad credentials").doesNotContain(TOKEN);
        JsonNode status = status();
        assertThat(status.path("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(status.path("lastError").asText()).contains("Bad credentials");
        PrometheusScrape metrics = PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"));
        assertThat(metrics.value("graphlaunch_catchup_scans_total", "repository", REPO, "outcome", "failed")).isPositive();
        assertThat(metrics.value("graphlaunch_catchup_consecutive_failures", "repository", REPO)).isEqualTo(1);
        JsonNode health = new HttpJson(URI.create("http://127.0.0.1:" + APP.getAdminPort()))
                .get("/healthcheck", null).json().path("github-catch-up");
        assertThat(health.path("message").asText()).contains(REPO, "1 failed since", "Bad credentials");

        JsonNode recovered = scanNow();

        assertThat(recovered.path("outcome").asText()).isEqualTo("scanned");
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
        assertThat(status().path("lastError").asText()).contains("Bad credentials");
        PrometheusScrape after = PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"));
        assertThat(after.value("graphlaunch_catchup_last_success_timestamp_seconds", "repository", REPO))
                .isGreaterThan(Instant.now().minusSeconds(60).getEpochSecond());
    }

    @Test
    void onlyAdminsOfTheWebhooksTenantSeeOrScan() {
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        String reader = keys.issue("acme", "app@acme.test", List.of("runs:read"), "").key();
        String otherAdmin = keys.issue("globex", "ops@globex.test", List.of("admin"), "").key();

        assertThat(http.postJson("/api/v1/admin/webhooks/github/catch-up/scans", reader, null, Map.of()).status())
                .isEqualTo(403);
        Reply other = http.postJson("/api/v1/admin/webhooks/github/catch-up/scans", otherAdmin, null, Map.of());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/admin/webhooks/github/catch-up", otherAdmin).status()).isEqualTo(404);
        Reply unknown = http.postJson("/api/v1/admin/webhooks/github/catch-up/scans?repository=octo-org/other",
                admin, null, Map.of());
        assertThat(unknown.status()).isEqualTo(400);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static JsonNode scanNow() {
        Reply reply = http.postJson("/api/v1/admin/webhooks/github/catch-up/scans", admin, null, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("scans").get(0);
    }

    /** The repository's row of the status view. */
    private static JsonNode status() {
        Reply reply = http.get("/api/v1/admin/webhooks/github/catch-up", admin);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("enabled").asBoolean()).isTrue();
        return reply.json().path("repositories").get(0);
    }

    /** GitHub's failure delivery about workflow run {@code id}, signed as GitHub signs it. */
    private static Reply deliver(long id) {
        byte[] body = replace(bytes(FAILURE), "\"id\": 289782451,", "\"id\": " + id + ",");
        return http.post("/api/v1/webhooks/github", null, body, "application/json", Map.of(
                "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", UUID.randomUUID().toString(),
                "X-Hub-Signature-256", sign(WEBHOOK_SECRET, body)));
    }

    private static String key(long runId, int attempt) {
        return "webhook:github:" + REPO + ":" + runId + ":" + attempt;
    }

    private static long runsWithKey(String key) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where idempotency_key = :key")
                .bind("key", key).mapTo(Long.class).one());
    }

    private static Map<String, Object> runOf(long runId, int attempt) {
        return jdbi.withHandle(h -> h.createQuery("select id, status, run_kind, trigger_source, trigger_ref,"
                        + " trigger_metadata::text as metadata from graph_runs where idempotency_key = :key")
                .bind("key", key(runId, attempt)).mapToMap().one());
    }

    /** How {@code ci_failures} says the failure was found. */
    private static String foundBy(long runId, int attempt) {
        return jdbi.withHandle(h -> h.createQuery("select found_by from ci_failures where repository = :repository"
                        + " and workflow_run_id = :runId and run_attempt = :attempt")
                .bind("repository", REPO).bind("runId", runId).bind("attempt", attempt).mapTo(String.class).one());
    }

    private static long executions(String workflowId) {
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        WorkflowServiceStubs stubs = factory.buildStubs();
        try {
            return factory.buildClient(stubs).listExecutions("WorkflowId = '" + workflowId + "'").count();
        } finally {
            stubs.shutdown();
        }
    }
}
