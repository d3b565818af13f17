package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * One semantic CI failure: a failed attempt of a workflow run, one row of {@code ci_failures}
 * however many deliveries (or catch-up polls) report it.
 */
public record CiFailure(
        UUID id,
        String tenantId,
        String repository,
        long workflowRunId,
        int runAttempt,
        String headSha,
        String branch,
        String workflowName,
        String workflowPath,
        String htmlUrl,
        String conclusion,
        String actor,
        String deliveryId,
        FoundBy foundBy) {

    static CiFailure of(String tenantId, WorkflowRunEvent event, FailureReport report) {
        return new CiFailure(UUID.randomUUID(), tenantId, event.repository(), event.runId(), event.runAttempt(),
                event.sha(), event.branch(), event.workflowName(), event.workflowPath(), event.htmlUrl(),
                event.conclusion(), event.actor(), report.ref(), report.foundBy());
    }

    /** The identity scheme's semantic key of the failure: before the debounce, also its run's key. */
    public String semanticKey() {
        return WorkflowRunEvent.semanticKey(repository, workflowRunId, runAttempt);
    }

    /**
     * The key of the {@code seq}-th run that collects the failures of this commit. {@code @} cannot
     * occur in a repository name, so no batch key can equal a semantic key.
     */
    public String batchKey(int seq) {
        return "webhook:github:" + repository + "@" + headSha + ":" + seq;
    }

    /** The failure as the triage graph's input lists it. */
    public ObjectNode inputEntry() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("workflow", workflowName);
        entry.put("workflowPath", workflowPath);
        entry.put("runId", workflowRunId);
        entry.put("attempt", runAttempt);
        entry.put("htmlUrl", htmlUrl);
        entry.put("conclusion", conclusion);
        entry.put("actor", actor);
        return entry;
    }

    /** What the run's {@code trigger_metadata.deliveries} says of the report that brought it. */
    public ObjectNode deliveryEntry() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("deliveryId", deliveryId);
        entry.put("foundBy", foundBy.wire());
        entry.put("workflowRunId", workflowRunId);
        entry.put("runAttempt", runAttempt);
        return entry;
    }
}
