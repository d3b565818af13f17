package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import java.util.Optional;
import java.util.UUID;

/**
 * Cancels one run. A run whose start is still in the outbox never reaches Temporal: the pending
 * start is dropped and the run ends {@code cancelled} in one transaction. A run Temporal has
 * started is stopped by cancelling its workflow, which ends the run itself (GraphRunWorkflowImpl)
 * and stops a running attempt; the ledger records who asked, and the ending names them.
 */
public class RunCanceller {
    private final GraphRunDao runs;
    private final RunControlDao controls;
    private final WorkflowCancellation workflows;

    public RunCanceller(GraphRunDao runs, RunControlDao controls, WorkflowCancellation workflows) {
        this.runs = runs;
        this.controls = controls;
        this.workflows = workflows;
    }

    /**
     * @param run a run of the caller's tenant
     * @param by the principal asking
     * @return the run after the request: ended, or still active with its workflow asked to stop
     * @throws RunAlreadyEndedException when the run had ended otherwise than {@code cancelled}
     * @throws WorkflowsUnavailableException when the run needs Temporal and Temporal is away
     */
    public GraphRun cancel(GraphRun run, String by) {
        requireCancellable(run);
        if (controls.dropPendingStart(run.id(), by)) {
            return reload(run.id());
        }
        GraphRun current = reload(run.id());
        requireCancellable(current);
        if (current.status().isFinal()) {
            return current;
        }
        boolean recorded = controls.recordRequest(run.id(), by) == 1;
        try {
            workflows.request(current.workflowId());
        } catch (WorkflowsUnavailableException e) {
            if (recorded) {
                controls.withdrawRequest(run.id(), by);
            }
            throw e;
        }
        // A workflow cancelled before its first activity never records its start, so never ends the
        // run: a run still queued ends here. One that reached running is ended by its workflow.
        controls.endNotStarted(run.id(), by);
        return reload(run.id());
    }

    /** Who asked to cancel the run through the gateway, if anyone did. */
    public Optional<CancelRequest> requestOf(UUID runId) {
        return controls.cancelRequest(runId);
    }

    /** Cancelling a cancelled run again is answered like the first time: the caller's wish holds. */
    private static void requireCancellable(GraphRun run) {
        if (run.status().isFinal() && run.status() != RunStatus.CANCELLED) {
            throw new RunAlreadyEndedException(run.id().toString(), run.status());
        }
    }

    private GraphRun reload(UUID runId) {
        return runs.findById(runId).orElseThrow();
    }
}
