package dev.graphlaunch.gateway.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the reconciler asks Temporal: which workflows closed lately, and how one stands now. */
public interface WorkflowDirectory {

    /** A workflow execution Temporal's visibility lists as closed. */
    record ClosedWorkflow(String workflowId, Instant closeTime) {}

    /** Executions of GraphRunWorkflow that closed after {@code since}, newest visibility data, at most {@code max}. */
    List<ClosedWorkflow> closedSince(Instant since, int max);

    /**
     * The newest execution of the workflow id: empty while it runs, {@link WorkflowEnding#NOT_FOUND}
     * when Temporal does not know the id (never started, or deleted after retention).
     */
    Optional<WorkflowEnding> describe(String workflowId);
}
