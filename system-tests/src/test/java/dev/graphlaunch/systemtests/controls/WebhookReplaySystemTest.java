package dev.graphlaunch.systemtests.controls;

import static dev.graphlaunch.systemtests.support.GitHubSender.deliver;
import static dev.graphlaunch.systemtests.support.GitHubSender.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Replaying a webhook delivery on the whole system: a failure that arrived while the route was
 * misconfigured runs once the configuration is fixed; replays and redeliveries of it stay one run;
 * a rerun is a second run; and a gateway told to keep no bodies deletes them and says so.
 */
class WebhookReplaySystemTest {

    @Test
    void aFailureIgnoredUnderABadConfigurationRunsOnceWhenReplayedAfterTheFix() {
        // The route allows another organisation only: GitHub's failure is ignored.
        try (SystemUnderTest system = SystemUnderTest.startAll(
                ConfigOverride.config("githubWebhook.repositories[0]", "other-org/*"))) {
            String admin = system.issueKey("acme", "oncall@acme.test", "admin", "runs:read");
            byte[] failure = failureOfRun(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
            String deliveryId = UUID.randomUUID().toString();
            Reply ignored = deliver(system.http(), failure, "workflow_run", deliveryId);
            assertThat(ignored.json().path("outcome").asText()).as(ignored.body()).isEqualTo("ignored");
            assertThat(ignored.json().path("reason").asText()).contains("not in the allow-list");
            String logId = onlyLogId(system, deliveryId);

            // The operator fixes githubWebhook.repositories (system-gateway.yml allows octo-org/*).
            system.restartGateway();
            Reply replayed = replay(system, admin, logId, Map.of());

            assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
            assertThat(replayed.json().path("outcome").asText()).isEqualTo("started");
            String runId = replayed.json().path("runId").asText();
            JsonNode run = system.awaitRun(runId, admin, "succeeded");
            assertThat(run.path("requestedBy").asText()).isEqualTo("oncall@acme.test");
            assertThat(run.path("triggerRef").asText()).isEqualTo(deliveryId);
            assertThat(run.path("graphId").asText()).isEqualTo("builtin:ci-failure-triage");
            assertThat(run.path("output").path("repository").asText()).isEqualTo("octo-org/octo-repo");
            JsonNode attempts = system.http().get("/api/v1/runs/" + runId + "/attempts", admin).json();
            assertThat(attempts.path("items")).hasSize(1);
            assertThat(attempts.path("items").get(0).path("status").asText()).isEqualTo("succeeded");

            // Replaying again, or GitHub redelivering it, finds that run: one run per failure.
            Reply again = replay(system, admin, logId, Map.of("rerun", false));
            Reply redelivered = deliver(system.http(), failure, "workflow_run", deliveryId);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(again.json().path("runId").asText()).isEqualTo(runId);
            assertThat(redelivered.json().path("runId").asText()).isEqualTo(runId);

            // Asked for, a rerun is a second run of the same failure, linked to the first.
            Reply rerun = replay(system, admin, logId, Map.of("rerun", true));
            assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
            String rerunId = rerun.json().path("runId").asText();
            assertThat(rerunId).isNotEqualTo(runId);
            JsonNode second = system.awaitRun(rerunId, admin, "succeeded");
            assertThat(second.path("rerunOf").asText()).isEqualTo(runId);
            assertThat(second.path("requestedBy").asText()).isEqualTo("oncall@acme.test");

            assertThat(system.count("select count(*) from graph_runs")).isEqualTo(2);
            assertThat(system.count("select count(*) from webhook_deliveries where replay_of = cast(? as uuid)"
                    + " and requested_by = 'oncall@acme.test'", logId)).isEqualTo(3);
            for (String workflowId : new String[] {run.path("workflowId").asText(), second.path("workflowId").asText()}) {
                assertThat(system.executionsOf(workflowId)).as("Temporal ran %s once", workflowId).hasSize(1);
            }

            // Told to keep no bodies, the gateway deletes the kept ones and a replay says why it cannot.
            system.restartGateway(ConfigOverride.config("githubWebhook.keepBodiesFor", "0s"));
            await().atMost(Duration.ofSeconds(20)).until(() -> system.count("select count(*) from webhook_delivery_bodies") == 0);
            Reply gone = replay(system, admin, logId, Map.of());
            assertThat(gone.status()).as(gone.body()).isEqualTo(410);
            assertThat(gone.json().path("detail").asText()).contains("keeps no delivery bodies");
            Reply live = deliver(system.http(), failure, "workflow_run", UUID.randomUUID().toString());
            assertThat(live.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(system.count("select count(*) from webhook_delivery_bodies")).isZero();
        }
    }

    private static Reply replay(SystemUnderTest system, String admin, String logId, Map<String, Object> body) {
        return system.http().postJson("/api/v1/admin/webhooks/github/deliveries/" + logId + "/replay", admin, body,
                Map.of());
    }

    private static String onlyLogId(SystemUnderTest system, String deliveryId) {
        return system.jdbi().withHandle(h -> h.createQuery(
                        "select cast(id as text) from webhook_deliveries where delivery_id = :d")
                .bind("d", deliveryId).mapTo(String.class).one());
    }

    /** Its own workflow run id: the shared Temporal server must not know this run's workflow already. */
    private static byte[] failureOfRun(long runId) {
        return new String(fixture("workflow_run.completed.failure.json"), StandardCharsets.UTF_8)
                .replace("\"id\": 289782451,", "\"id\": " + runId + ",").getBytes(StandardCharsets.UTF_8);
    }
}
