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
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.FakeGitHub;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Catch-up with the per-commit debounce on (debounce-gateway.yml: 5 s window), against a real
 * PostgreSQL and the fake GitHub API: a failure catch-up finds is one more failure of its commit,
 * exactly as its delivery would have been. Temporal is out of reach, so a batch's start stays in
 * the outbox and the batch stays open for the window.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CatchUpDebounceIntegrationTest {
    private static final String TOKEN = "ghs_catch-up-debounce-token";
    private static final String REPO = "octo-org/octo-repo";
    private static final AtomicLong RUN_IDS = new AtomicLong(800_000_000L + (System.nanoTime() % 1_000_000L) * 100);
    private static final FakeGitHub GITHUB = new FakeGitHub(TOKEN);
    private static final String DB_URL = TestDatabases.fresh("catchupdebounce");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("debounce-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("githubWebhook.catchUp.enabled", "true"),
            ConfigOverride.config("githubWebhook.catchUp.token", TOKEN),
            ConfigOverride.config("githubWebhook.catchUp.apiUrl", GITHUB::apiUrl),
            ConfigOverride.config("githubWebhook.catchUp.interval", "1h"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String admin;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        admin = new ApiKeys(jdbi.onDemand(ApiKeyDao.class))
                .issue("acme", "ops@acme.test", List.of("admin", "runs:read"), "").key();
        // The scheduled scan at start-up, before the tests scan by hand (they would meet its lease).
        await().atMost(Duration.ofSeconds(30)).until(() -> !http.get("/api/v1/admin/webhooks/github/catch-up", admin)
                .json().path("repositories").get(0).path("lastSuccessAt").isNull());
    }

    @AfterAll
    static void stopGitHub() {
        GITHUB.close();
    }

    @Test
    void aDeliveredAndAMissedFailureOfOneCommitEndInOneRunListingBoth() {
        String sha = newSha();
        long build = RUN_IDS.incrementAndGet();
        long test = RUN_IDS.incrementAndGet();
        String deliveryId = UUID.randomUUID().toString();
        Reply delivered = deliver(build, "build", sha, deliveryId);
        assertThat(delivered.json().path("outcome").asText()).as(delivered.body()).isEqualTo("started");
        String runId = delivered.json().path("runId").asText();
        // GitHub lists both; the delivery of the second never came.
        listed(build, "build", sha);
        listed(test, "test", sha);

        JsonNode report = scanNow();

        assertThat(report.path("outcome").asText()).as(report.toString()).isEqualTo("scanned");
        // Known by its ci_failures row, though no run is keyed by the failure: never reported again.
        assertThat(report.path("alreadyTriggered").asInt()).as(report.toString()).isEqualTo(1);
        assertThat(report.path("joined").asInt()).isEqualTo(1);
        assertThat(report.path("started").asInt()).isZero();
        assertThat(report.path("duplicates").asInt()).isZero();
        assertThat(runsOfCommit(sha)).containsExactly(UUID.fromString(runId));
        JsonNode run = http.get("/api/v1/runs/" + runId, admin).json();
        assertThat(run.path("workflowId").asText()).isEqualTo("graph-run:acme:webhook:github:" + REPO + "@" + sha + ":1");
        assertThat(run.path("input").path("failures").findValues("runId")).extracting(JsonNode::asLong)
                .containsExactly(build, test);
        assertThat(run.path("input").path("failures").findValuesAsText("workflow")).containsExactly("build", "test");
        // The run stays the delivery's; the failure catch-up added says who found it.
        assertThat(run.path("triggerSource").asText()).isEqualTo("webhook:github");
        assertThat(run.path("triggerRef").asText()).isEqualTo(deliveryId);
        assertThat(foundBy(build)).isEqualTo("delivery");
        assertThat(foundBy(test)).isEqualTo("catch_up");
        assertThat(reportedBy(runId)).containsExactly("delivery", "catch_up");
    }

    @Test
    void aFailureCatchUpFindsFirstOpensTheCommitsRunWithCatchUpProvenanceAndALateDeliveryJoinsIt() {
        String sha = newSha();
        long build = RUN_IDS.incrementAndGet();
        listed(build, "build", sha);

        JsonNode report = scanNow();

        assertThat(report.path("started").asInt()).as(report.toString()).isEqualTo(1);
        List<UUID> runs = runsOfCommit(sha);
        assertThat(runs).hasSize(1);
        String runId = runs.get(0).toString();
        JsonNode run = http.get("/api/v1/runs/" + runId, admin).json();
        assertThat(run.path("workflowId").asText()).isEqualTo("graph-run:acme:webhook:github:" + REPO + "@" + sha + ":1");
        assertThat(run.path("triggerSource").asText()).isEqualTo("catch_up:github");
        assertThat(run.path("requestedBy").asText()).isEqualTo("github-catch-up");
        assertThat(run.path("triggerRef").asText()).isEqualTo("https://github.com/" + REPO + "/actions/runs/" + build);
        assertThat(foundBy(build)).isEqualTo("catch_up");

        Reply lateTwin = deliver(build, "build", sha, UUID.randomUUID().toString());
        Reply other = deliver(RUN_IDS.incrementAndGet(), "lint", sha, UUID.randomUUID().toString());

        assertThat(lateTwin.json().path("outcome").asText()).as(lateTwin.body()).isEqualTo("duplicate");
        assertThat(lateTwin.json().path("runId").asText()).isEqualTo(runId);
        assertThat(other.json().path("outcome").asText()).as(other.body()).isEqualTo("joined");
        assertThat(other.json().path("runId").asText()).isEqualTo(runId);
        assertThat(runsOfCommit(sha)).hasSize(1);
        assertThat(scanNow().path("alreadyTriggered").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(runsOfCommit(sha)).hasSize(1);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static JsonNode scanNow() {
        Reply reply = http.postJson("/api/v1/admin/webhooks/github/catch-up/scans", admin, null, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("scans").get(0);
    }

    /** GitHub's listing shows the failed workflow run {@code id} of {@code workflow} at {@code sha}. */
    private static void listed(long id, String workflow, String sha) {
        GITHUB.addRun(REPO, id, 1, "failure", "master", Instant.now()).put("head_sha", sha).put("name", workflow);
    }

    /** GitHub's failure delivery about workflow run {@code id}, signed as GitHub signs it. */
    private static Reply deliver(long id, String workflow, String sha, String deliveryId) {
        byte[] body = replace(bytes(FAILURE), "289782451", Long.toString(id));
        body = replace(body, "\"name\": \"test\",", "\"name\": \"" + workflow + "\",");
        body = replace(body, "3484a3fb816e0859fd6e1cea078d76385ff50625", sha);
        return http.post("/api/v1/webhooks/github", null, body, "application/json", Map.of(
                "X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", deliveryId,
                "X-Hub-Signature-256", sign("test-webhook-secret-current", body)));
    }

    private static List<UUID> runsOfCommit(String sha) {
        return jdbi.withHandle(h -> h.createQuery("select id from graph_runs where idempotency_key like :keys")
                .bind("keys", "webhook:github:" + REPO + "@" + sha + ":%").mapTo(UUID.class).list());
    }

    private static String foundBy(long runId) {
        return jdbi.withHandle(h -> h.createQuery("select found_by from ci_failures where repository = :repository"
                        + " and workflow_run_id = :runId and run_attempt = 1")
                .bind("repository", REPO).bind("runId", runId).mapTo(String.class).one());
    }

    /** {@code foundBy} of each entry of the run's {@code trigger_metadata.deliveries}, in order. */
    private static List<String> reportedBy(String runId) {
        return jdbi.withHandle(h -> h.createQuery("select d ->> 'foundBy' from graph_runs,"
                        + " jsonb_array_elements(trigger_metadata -> 'deliveries') with ordinality as e(d, n)"
                        + " where id = cast(:id as uuid) order by n")
                .bind("id", runId).mapTo(String.class).list());
    }

    private static String newSha() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
