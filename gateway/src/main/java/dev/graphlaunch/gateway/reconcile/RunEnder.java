package dev.graphlaunch.gateway.reconcile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.gateway.events.RunEventDao;
import dev.graphlaunch.gateway.execution.RunEventSink;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Ends a run the way the workflow's own finish does (InternalRunsResource#finish): the ledger's
 * finish-once update and the final status event in one transaction, so streams close. Whoever
 * comes second, the workflow's late report or the reconciler, changes nothing.
 */
public class RunEnder {
    private final Jdbi jdbi;

    public RunEnder(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return true when this call ended the run, false when it had already ended */
    public boolean end(UUID runId, WorkflowEnding ending, String message) {
        return jdbi.inTransaction(handle -> {
            int ended = handle.attach(GraphRunDao.class)
                    .finish(runId, ending.status().wire(), null, ending.errorCode(), message);
            if (ended == 1) {
                handle.attach(RunEventDao.class).append(runId, RunEventSink.STATUS, JsonNodeFactory.instance.objectNode()
                        .put("status", ending.status().wire())
                        .put("code", ending.errorCode())
                        .put("message", message));
            }
            return ended == 1;
        });
    }
}
