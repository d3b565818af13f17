package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.validation.StorableText;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of a {@code workflow_run} payload the gateway uses. Read leniently, because most
 * deliveries are ignored and need no more than action, repository and conclusion; a delivery that
 * is about to start a run must then pass {@link #requireStartable()}.
 *
 * @param workflowName the run's name, else the workflow's (GitHub leaves the run's name empty at times)
 * @param actor who triggered this attempt: {@code triggering_actor}, else {@code actor}
 * @param sender the account whose action caused the delivery
 */
public record WorkflowRunEvent(
        String action,
        String repository,
        long repositoryId,
        String workflowName,
        String workflowPath,
        long workflowId,
        long runId,
        int runAttempt,
        long runNumber,
        String branch,
        String sha,
        String htmlUrl,
        String conclusion,
        String actor,
        String sender) {

    public static WorkflowRunEvent from(JsonNode payload) {
        JsonNode run = payload.path("workflow_run");
        return new WorkflowRunEvent(
                text(payload.path("action")),
                text(payload.path("repository").path("full_name")),
                payload.path("repository").path("id").asLong(0),
                firstText(run.path("name"), payload.path("workflow").path("name")),
                firstText(run.path("path"), payload.path("workflow").path("path")),
                run.path("workflow_id").asLong(0),
                run.path("id").asLong(0),
                // Payloads from before GitHub added re-runs have no run_attempt: that was attempt 1.
                run.path("run_attempt").asInt(1),
                run.path("run_number").asLong(0),
                text(run.path("head_branch")),
                text(run.path("head_sha")),
                text(run.path("html_url")),
                text(run.path("conclusion")),
                firstText(run.path("triggering_actor").path("login"), run.path("actor").path("login")),
                text(payload.path("sender").path("login")));
    }

    /** @throws InvalidRequestException naming every field a run cannot do without */
    public void requireStartable() {
        List<String> missing = new ArrayList<>();
        if (repository == null) {
            missing.add("repository.full_name");
        }
        if (runId <= 0) {
            missing.add("workflow_run.id");
        }
        if (runAttempt < 1) {
            missing.add("workflow_run.run_attempt");
        }
        if (sender == null) {
            missing.add("sender.login");
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("The workflow_run payload lacks " + String.join(", ", missing) + ".");
        }
    }

    /**
     * The identity scheme's semantic key of the failure: one per workflow run attempt, however many
     * hooks deliver it. It dedupes failures ({@code ci_failures}) and is the run's key when the debounce is off.
     */
    public String idempotencyKey() {
        return semanticKey(repository, runId, runAttempt);
    }

    static String semanticKey(String repository, long runId, int runAttempt) {
        return "webhook:github:" + repository + ":" + runId + ":" + runAttempt;
    }

    /**
     * A signed payload is GitHub's, not ours to refuse: a NUL or broken surrogate in it (a branch
     * name, say) is replaced rather than failing the delivery or the insert.
     */
    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? StorableText.storable(node.asText()) : null;
    }

    private static String firstText(JsonNode first, JsonNode second) {
        String text = text(first);
        return text != null ? text : text(second);
    }
}
