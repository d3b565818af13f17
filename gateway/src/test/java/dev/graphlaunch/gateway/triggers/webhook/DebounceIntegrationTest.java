package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.replace;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newDeliveryId;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newRunId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * githubWebhook.debounce against a real PostgreSQL (debounce-gateway.yml: 5 s window, at most 3
 * failures a run, Codertocat's repositories off), driven with GitHub's example payload signed as
 * GitHub signs it. Temporal is out of reach here, so a run's start stays in the outbox; the relay's
 * failed try after the window is what "the run started" looks like from the intake. Running the
 * batch to its triage is DebounceSystemTest's business.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DebounceIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("debounce");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("debounce-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WebhookClient hook;
    private static String reader;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        hook = new WebhookClient(http, jdbi);
        reader = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:read"), "").key();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void aPushThatBreaksThreeWorkflowsIsOneRunListingAllThree() {
        String sha = newSha();
        List<Failure> failures = List.of(new Failure("build", newRunId()), new Failure("lint", newRunId()),
                new Failure("test", newRunId()));
        List<String> deliveries = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        for (Failure failure : failures) {
            deliveries.add(newDeliveryId());
            replies.add(hook.deliver(failure.payload(sha), "workflow_run", deliveries.get(deliveries.size() - 1)));
        }

        assertThat(replies).extracting(reply -> reply.json().path("outcome").asText())
                .containsExactly("started", "joined", "joined");
        String runId = replies.get(0).json().path("runId").asText();
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            assertThat(reply.json().path("runId").asText()).isEqualTo(runId);
            assertThat(reply.json().path("status").asText()).isEqualTo("accepted");
        });
        assertThat(replies.get(2).json().path("reason").asText())
                .isEqualTo("workflow run " + failures.get(2).runId() + " attempt 1 joins run " + runId
                        + ", which has not started: it lists 3 failures of " + sha.substring(0, 7));
        assertThat(replies.get(0).json().path("workflowId").asText())
                .isEqualTo("graph-run:acme:webhook:github:octo-org/octo-repo@" + sha + ":1");

        JsonNode run = http.get("/api/v1/runs/" + runId, reader).json();
        assertThat(run.path("triggerRef").asText()).isEqualTo(deliveries.get(0));
        JsonNode input = run.path("input");
        assertThat(input.path("repo").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(input.path("sha").asText()).isEqualTo(sha);
        assertThat(input.path("branch").asText()).isEqualTo("master");
        assertThat(input.path("failures").findValuesAsText("workflow")).containsExactly("build", "lint", "test");
        assertThat(input.path("failures").findValues("runId")).extracting(JsonNode::asLong)
                .containsExactly(failures.get(0).runId(), failures.get(1).runId(), failures.get(2).runId());
        assertThat(input.path("failures").get(1).path("htmlUrl").asText())
                .isEqualTo("https://github.com/octo-org/octo-repo/actions/runs/" + failures.get(1).runId());
        JsonNode metadata = triggerMetadata(runId);
        assertThat(metadata.path("deliveries").findValuesAsText("deliveryId")).containsExactlyElementsOf(deliveries);
        assertThat(metadata.path("deliveries").findValuesAsText("foundBy")).containsOnly("delivery");

        // Every delivery's log row names the run it started or joined.
        for (int i = 0; i < 3; i++) {
            Map<String, Object> row = hook.onlyDelivery(deliveries.get(i));
            assertThat(row.get("run_id")).hasToString(runId);
            assertThat(row.get("outcome")).isEqualTo(i == 0 ? "started" : "joined");
        }
        assertThat(count("select count(*) from ci_failures where run_id = cast(? as uuid) and found_by = 'delivery'",
                runId)).isEqualTo(3);
        // One run, one pending start, due only once the window is over.
        assertThat(count("select count(*) from graph_runs where input ->> 'sha' = ?", sha)).isEqualTo(1);
        assertThat(count("select count(*) from run_start_outbox where run_id = cast(? as uuid)"
                + " and next_attempt_at > now() + interval '2 seconds'", runId)).isEqualTo(1);

        // A redelivery of a failure already listed is a duplicate naming the batch's run, and adds nothing.
        Reply again = hook.deliver(failures.get(1).payload(sha), "workflow_run", deliveries.get(1));
        assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(again.json().path("runId").asText()).isEqualTo(runId);
        assertThat(hook.deliveriesWithId(deliveries.get(1))).extracting(row -> row.get("outcome"))
                .containsExactly("joined", "duplicate");
        assertThat(http.get("/api/v1/runs/" + runId, reader).json().path("input").path("failures")).hasSize(3);
    }

    @Test
    void aFailureOfAnotherCommitHasARunOfItsOwn() {
        Failure failure = new Failure("test", newRunId());
        Reply first = hook.deliver(failure.payload(newSha()), "workflow_run", newDeliveryId());
        Reply other = hook.deliver(new Failure("test", newRunId()).payload(newSha()), "workflow_run", newDeliveryId());

        assertThat(first.json().path("outcome").asText()).isEqualTo("started");
        assertThat(other.json().path("outcome").asText()).isEqualTo("started");
        assertThat(other.json().path("runId").asText()).isNotEqualTo(first.json().path("runId").asText());
    }

    @Test
    void aFailureAfterTheRunStartedOpensAFollowUpRun() {
        String sha = newSha();
        Reply first = hook.deliver(new Failure("build", newRunId()).payload(sha), "workflow_run", newDeliveryId());
        String firstRun = first.json().path("runId").asText();
        // After the window the relay takes the start (and here fails to reach Temporal): its input is read.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select coalesce(max(attempts), 0) from run_start_outbox where run_id = cast(? as uuid)", firstRun) >= 1);

        Failure late = new Failure("deploy", newRunId());
        Reply followUp = hook.deliver(late.payload(sha), "workflow_run", newDeliveryId());

        assertThat(followUp.json().path("outcome").asText()).as(followUp.body()).isEqualTo("started");
        String followUpRun = followUp.json().path("runId").asText();
        assertThat(followUpRun).isNotEqualTo(firstRun);
        assertThat(followUp.json().path("reason").asText()).isEqualTo("follow-up of run " + firstRun
                + ", which had started before workflow run " + late.runId() + " attempt 1 came");
        assertThat(followUp.json().path("workflowId").asText()).endsWith("@" + sha + ":2");
        JsonNode input = http.get("/api/v1/runs/" + followUpRun, reader).json().path("input");
        assertThat(input.path("followUpOf").asText()).isEqualTo(firstRun);
        assertThat(input.path("failures").findValuesAsText("workflow")).containsExactly("deploy");
        assertThat(triggerMetadata(followUpRun).path("followUpOf").asText()).isEqualTo(firstRun);
        // The first run keeps the input its start was taken with.
        assertThat(http.get("/api/v1/runs/" + firstRun, reader).json().path("input").path("failures")).hasSize(1);
    }

    @Test
    void aRunListingMaxFailuresSendsTheNextOneToAFollowUp() {
        String sha = newSha();
        List<Reply> replies = new ArrayList<>();
        for (String workflow : List.of("a", "b", "c", "d")) {
            replies.add(hook.deliver(new Failure(workflow, newRunId()).payload(sha), "workflow_run", newDeliveryId()));
        }

        assertThat(replies).extracting(reply -> reply.json().path("outcome").asText())
                .containsExactly("started", "joined", "joined", "started");
        String firstRun = replies.get(0).json().path("runId").asText();
        assertThat(replies.get(3).json().path("runId").asText()).isNotEqualTo(firstRun);
        assertThat(http.get("/api/v1/runs/" + replies.get(3).json().path("runId").asText(), reader).json()
                .path("input").path("followUpOf").asText()).isEqualTo(firstRun);
    }

    @Test
    void failuresOfOneCommitArrivingAtOnceStillMakeOneRunAndCountEachFailureOnce() throws Exception {
        String sha = newSha();
        List<Failure> failures = List.of(new Failure("build", newRunId()), new Failure("lint", newRunId()),
                new Failure("test", newRunId()));
        List<Callable<Reply>> sends = new ArrayList<>();
        for (Failure failure : failures) {
            // Each failure twice at once, as a repository hook and an organisation hook send it.
            for (int copy = 0; copy < 2; copy++) {
                sends.add(() -> hook.deliver(failure.payload(sha), "workflow_run", newDeliveryId()));
            }
        }
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> reply : pool.invokeAll(sends)) {
            replies.add(reply.get());
        }

        assertThat(replies).extracting(reply -> reply.json().path("runId").asText()).as(replies.toString())
                .containsOnly(replies.get(0).json().path("runId").asText());
        assertThat(replies).extracting(reply -> reply.json().path("outcome").asText())
                .filteredOn("started"::equals).hasSize(1);
        assertThat(replies).extracting(reply -> reply.json().path("outcome").asText())
                .filteredOn("duplicate"::equals).hasSize(3);
        JsonNode input = http.get("/api/v1/runs/" + replies.get(0).json().path("runId").asText(), reader).json()
                .path("input");
        assertThat(input.path("failures").findValuesAsText("workflow")).containsExactlyInAnyOrder("build", "lint", "test");
    }

    @Test
    void withTheDebounceOffForARepositoryEachFailureIsARunOfItsOwnStartedAtOnce() {
        String sha = newSha();
        Failure build = new Failure("build", newRunId(), "Codertocat/Hello-World");
        Failure test = new Failure("test", newRunId(), "Codertocat/Hello-World");

        Reply first = hook.deliver(build.payload(sha), "workflow_run", newDeliveryId());
        Reply second = hook.deliver(test.payload(sha), "workflow_run", newDeliveryId());

        assertThat(first.json().path("outcome").asText()).as(first.body()).isEqualTo("started");
        assertThat(second.json().path("outcome").asText()).isEqualTo("started");
        assertThat(second.json().path("runId").asText()).isNotEqualTo(first.json().path("runId").asText());
        // The semantic key of the identity scheme, as before the debounce, and no wait for a window.
        assertThat(first.json().path("workflowId").asText())
                .isEqualTo("graph-run:acme:webhook:github:Codertocat/Hello-World:" + build.runId() + ":1");
        assertThat(count("select count(*) from run_start_outbox where run_id = cast(? as uuid)"
                + " and created_at <= now()", first.json().path("runId").asText())).isEqualTo(1);
        Reply again = hook.deliver(build.payload(sha), "workflow_run", newDeliveryId());
        assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(again.json().path("runId").asText()).isEqualTo(first.json().path("runId").asText());
    }

    @Test
    void aFailureTriagedBeforeTheDebounceExistedIsADuplicateOfItsRun() {
        Failure failure = new Failure("test", newRunId());
        String key = "webhook:github:octo-org/octo-repo:" + failure.runId() + ":1";
        String before = jdbi.withHandle(h -> h.createQuery("""
                insert into graph_runs (id, tenant_id, graph_id, workflow_id, idempotency_key, run_kind,
                    trigger_source, trigger_ref, requested_by, grant_ref, input, status)
                values (gen_random_uuid(), 'acme', 'builtin:ci-failure-triage', 'graph-run:acme:' || :key, :key,
                    'system_webhook', 'webhook:github', 'old-delivery', 'github:Codertocat', 'webhook:github',
                    '{}'::jsonb, 'succeeded')
                returning id::text""").bind("key", key).mapTo(String.class).one());

        Reply reply = hook.deliver(failure.payload(newSha()), "workflow_run", newDeliveryId());

        assertThat(reply.json().path("outcome").asText()).isEqualTo("duplicate");
        assertThat(reply.json().path("runId").asText()).isEqualTo(before);
    }

    private static JsonNode triggerMetadata(String runId) {
        String text = jdbi.withHandle(h -> h.createQuery(
                "select trigger_metadata::text from graph_runs where id = cast(:id as uuid)")
                .bind("id", runId).mapTo(String.class).one());
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long count(String sql, Object arg) {
        return jdbi.withHandle(h -> h.select(sql, arg).mapTo(Long.class).one());
    }

    private static String newSha() {
        byte[] sha = new byte[20];
        ThreadLocalRandom.current().nextBytes(sha);
        return HexFormat.of().formatHex(sha);
    }

    /** One workflow's failed run, as GitHub's example payload with its names and ids swapped. */
    record Failure(String workflow, long runId, String repository) {
        Failure(String workflow, long runId) {
            this(workflow, runId, "octo-org/octo-repo");
        }

        byte[] payload(String sha) {
            byte[] body = replace(bytes(FAILURE), "289782451", Long.toString(runId));
            body = replace(body, "\"name\": \"test\",", "\"name\": \"" + workflow + "\",");
            body = replace(body, ".github/workflows/test.yml", ".github/workflows/" + workflow + ".yml");
            body = replace(body, "3484a3fb816e0859fd6e1cea078d76385ff50625", sha);
            return replace(body, "\"full_name\": \"octo-org/octo-repo\"", "\"full_name\": \"" + repository + "\"");
        }
    }
}
