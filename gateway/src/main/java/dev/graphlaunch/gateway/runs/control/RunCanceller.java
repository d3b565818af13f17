package dev.graphlaunch.gateway.runs.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.gateway.events.RunEventDao;
import dev.graphlaunch.gateway.execution.ErrorCodes;
import dev.graphlaunch.gateway.execution.RunEventSink;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunStatus;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Cancels one run. A run whose start is still in the outbox never reaches Temporal: the pending
 * start is dropped and the run ends {@code cancelled} in one transaction. A run Temporal has
 * started is stopped by cancelling its workflow, which ends the run itself (GraphRunWorkflowImpl)
 * and stops a running attempt; the ledger records who asked, and the ending names them.
 */
public class RunCanceller {
    private final Jdbi jdbi;
    private final WorkflowCancellation workflows;

    public RunCanceller(Jdbi jdbi, WorkflowCancellation workflows) {
        this.jdbi = jdbi;
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
        if (dropPendingStart(run.id(), by)) {
            return reload(run.id());
        }
        GraphRun current = reload(run.id());
        requireCancellable(current);
        if (current.runStatus().isFinal()) {
            return current;
        }
        boolean recorded = jdbi.withExtension(RunControlDao.class, dao -> dao.recordRequest(run.id(), by)) == 1;
        try {
            workflows.request(current.workflowId());
        } catch (WorkflowsUnavailableException e) {
            if (recorded) {
                jdbi.useExtension(RunControlDao.class, dao -> dao.withdrawRequest(run.id(), by));
            }
            throw e;
        }
        // A workflow cancelled before its first activity never records its start, so never ends the
        // run: a run still queued ends here. One that reached running is ended by its workflow.
        endNotStarted(run.id(), by);
        return reload(run.id());
    }

    private boolean dropPendingStart(UUID runId, String by) {
        return jdbi.inTransaction(handle -> {
            RunControlDao dao = handle.attach(RunControlDao.class);
            if (dao.lockPendingStart(runId).isEmpty()) {
                return false;
            }
            dao.deletePendingStart(runId);
            return endNotStarted(handle.attach(RunEventDao.class), dao, runId, by);
        });
    }

    private void endNotStarted(UUID runId, String by) {
        jdbi.useTransaction(handle ->
                endNotStarted(handle.attach(RunEventDao.class), handle.attach(RunControlDao.class), runId, by));
    }

    private static boolean endNotStarted(RunEventDao events, RunControlDao dao, UUID runId, String by) {
        String message = "cancelled by " + by;
        if (dao.endNotStarted(runId, by, message) != 1) {
            return false;
        }
        // The last event of every run: streams close once they have delivered it.
        events.append(runId, RunEventSink.STATUS, JsonNodeFactory.instance.objectNode()
                .put("status", RunStatus.CANCELLED.wire()).put("code", ErrorCodes.CANCELLED).put("message", message));
        return true;
    }

    /** Cancelling a cancelled run again is answered like the first time: the caller's wish holds. */
    private static void requireCancellable(GraphRun run) {
        if (run.runStatus().isFinal() && run.runStatus() != RunStatus.CANCELLED) {
            throw new RunAlreadyEndedException(run.id().toString(), run.status());
        }
    }

    private GraphRun reload(UUID runId) {
        return jdbi.withExtension(GraphRunDao.class, dao -> dao.findById(runId)).orElseThrow();
    }
}
