package dev.graphlaunch.systemtests;

import static dev.graphlaunch.systemtests.support.GitHubSender.deliver;
import static dev.graphlaunch.systemtests.support.GitHubSender.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * githubWebhook.debounce end to end: a push that breaks three workflows, delivered as GitHub does
 * (three deliveries, one commit), becomes one triage run that Temporal runs once, whose output lists
 * the three failures, billed once; a failure that comes after that run started gets a follow-up run.
 */
class DebounceSystemTest {
    private static final String SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625";

    @Test
    void aPushThatBreaksThreeWorkflowsIsOneTriageListingThreeFailuresAndALateOneAFollowUp() {
        try (SystemUnderTest system = SystemUnderTest.startAll(
                ConfigOverride.config("githubWebhook.debounce.window", "3s"))) {
            String reader = system.issueKey("acme", "ops@acme.test", "runs:read");
            List<String> deliveries = new ArrayList<>();
            List<Reply> replies = new ArrayList<>();
            long[] runIds = {389782451L, 389782452L, 389782453L};
            String[] workflows = {"build", "lint", "test"};
            for (int i = 0; i < 3; i++) {
                deliveries.add(UUID.randomUUID().toString());
                replies.add(deliver(system.http(), failure(workflows[i], runIds[i]), "workflow_run", deliveries.get(i)));
            }
            assertThat(replies).extracting(reply -> reply.json().path("outcome").asText())
                    .containsExactly("started", "joined", "joined");
            String runId = replies.get(0).json().path("runId").asText();
            assertThat(replies).extracting(reply -> reply.json().path("runId").asText()).containsOnly(runId);

            JsonNode run = system.awaitRun(runId, reader, "succeeded");

            JsonNode triage = run.path("output");
            assertThat(triage.path("sha").asText()).isEqualTo(SHA);
            assertThat(triage.path("failures").findValuesAsText("runId"))
                    .containsExactly("389782451", "389782452", "389782453");
            assertThat(triage.path("summary").asText()).isEqualTo("3 workflow runs failed in octo-org/octo-repo on"
                    + " master at 3484a3f: build (failed), lint (failed), test (failed)");
            assertThat(run.path("input").path("failures")).hasSize(3);
            assertThat(run.path("triggerRef").asText()).isEqualTo(deliveries.get(0));
            assertThat(system.count("select count(*) from webhook_deliveries where run_id = cast(? as uuid)", runId))
                    .isEqualTo(3);
            assertThat(system.count("select count(*) from charge_receipts where run_id = cast(? as uuid)", runId))
                    .isEqualTo(1);
            assertThat(system.count("select count(*) from graph_runs where trigger_source = 'webhook:github'"))
                    .isEqualTo(1);
            assertThat(system.executionsOf(run.path("workflowId").asText())).hasSize(1);
            System.out.println("Debounced triage run as GET /api/v1/runs/{id} shows it: " + run);

            // The batch ran; a failure of the same commit that comes now is triaged by a follow-up run.
            Reply late = deliver(system.http(), failure("deploy", 389782454L), "workflow_run", UUID.randomUUID().toString());
            assertThat(late.json().path("outcome").asText()).as(late.body()).isEqualTo("started");
            JsonNode followUp = system.awaitRun(late.json().path("runId").asText(), reader, "succeeded");
            assertThat(followUp.path("output").path("followUpOf").asText()).isEqualTo(runId);
            assertThat(followUp.path("output").path("failures").findValuesAsText("runId")).containsExactly("389782454");

            // A redelivery of a failure of the first run is a duplicate naming it, even after it ended.
            Reply again = deliver(system.http(), failure("lint", 389782452L), "workflow_run", deliveries.get(1));
            assertThat(again.json().path("outcome").asText()).isEqualTo("duplicate");
            assertThat(again.json().path("runId").asText()).isEqualTo(runId);
        }
    }

    /** GitHub's example failure, as the named workflow's run {@code runId} of the same commit. */
    private static byte[] failure(String workflow, long runId) {
        return new String(fixture("workflow_run.completed.failure.json"), StandardCharsets.UTF_8)
                .replace("289782451", Long.toString(runId))
                .replace("\"name\": \"test\",", "\"name\": \"" + workflow + "\",")
                .replace(".github/workflows/test.yml", ".github/workflows/" + workflow + ".yml")
                .getBytes(StandardCharsets.UTF_8);
    }
}
