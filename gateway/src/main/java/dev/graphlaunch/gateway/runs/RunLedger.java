package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.gateway.metrics.MetricsJdbiConfig;
import java.time.Duration;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The run lifecycle after the start: every change to a run, its attempts and its events that must
 * commit together, one transaction per method. Status only moves forward ({@link GraphRunDao#advance}),
 * and the events a client reads always agree with the run record.
 */
public interface RunLedger extends SqlObject {

    @CreateSqlObject
    GraphRunDao runs();

    @CreateSqlObject
    GraphRunAttemptDao attempts();

    @CreateSqlObject
    RunEventDao events();

    /** @throws RunNotFoundException when the id is malformed or names no run */
    default GraphRun require(RunId runId) {
        return runs().require(runId);
    }

    /**
     * Marks the workflow's run running, creating the record first when no trigger did (scheduled
     * runs). Idempotent: a retried call finds the row it made.
     *
     * @param newRun the record to create when there is none; may throw to refuse
     */
    @Transaction
    default GraphRun recordStarted(String workflowId, Supplier<NewGraphRun> newRun) {
        GraphRunDao runs = runs();
        boolean scheduled = runs.findByWorkflowId(workflowId).isEmpty();
        if (scheduled) {
            runs.insert(newRun.get());
        }
        GraphRun found = runs.findByWorkflowId(workflowId).orElseThrow(() -> new RunNotFoundException(workflowId));
        boolean nowRunning = runs.advance(found.id(), RunStatus.RUNNING) == 1;
        GraphRun running = runs.findById(found.id()).orElseThrow();
        if (scheduled) {
            metrics().scheduleFired(running.runKind());
        } else if (nowRunning && running.startedAt() != null) {
            metrics().runStarted(running.runKind(), Duration.between(running.createdAt(), running.startedAt()));
        }
        return running;
    }

    /** The outbox relay started the run's workflow. */
    default void markQueued(UUID runId) {
        runs().advance(runId, RunStatus.QUEUED);
    }

    /** The outbox relay started these runs' workflows together. */
    default void markQueued(Collection<UUID> runIds) {
        runs().advanceAll(runIds, RunStatus.QUEUED);
    }

    /**
     * Ends a run whose workflow start was given up, with its last event; a run that moved on meanwhile
     * (its workflow exists after all) is left to that workflow.
     *
     * @return true when the run was ended here
     */
    @Transaction
    default boolean failUnstarted(UUID runId, ErrorCode errorCode, String errorMessage) {
        if (runs().failUnstarted(runId, errorCode, errorMessage) != 1) {
            return false;
        }
        events().append(runId, RunEvent.STATUS, JsonNodeFactory.instance.objectNode()
                .put("status", RunStatus.FAILED.wire()).put("code", errorCode.wire()).put("message", errorMessage));
        countEnding(runId);
        return true;
    }

    /**
     * Ends the run; a run that already ended keeps its first ending, and gets no second last event.
     *
     * @return true when this call ended the run (the reconciler counts only those)
     */
    @Transaction
    default boolean finish(UUID runId, FinishRun finish) {
        if (runs().finish(runId, finish.status(), finish.output(), finish.errorCode(), finish.errorMessage()) == 1) {
            // The last event of every run: streams close once they have delivered it.
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("status", finish.status().wire());
            if (finish.errorCode() != null) {
                event.put("code", finish.errorCode()).put("message", finish.errorMessage());
            }
            events().append(runId, RunEvent.STATUS, event);
            countEnding(runId);
            return true;
        }
        return false;
    }

    /** @return true when this call owns the attempt, false when an earlier call already began it */
    @Transaction
    default boolean beginAttempt(UUID runId, int attempt) {
        if (attempts().begin(runId, attempt) == 0) {
            return false;
        }
        runs().recordAttempt(runId, attempt);
        events().append(runId, RunEvent.STATUS,
                JsonNodeFactory.instance.objectNode().put("status", RunStatus.RUNNING.wire()).put("attempt", attempt));
        return true;
    }

    @Transaction
    default void finishAttempt(UUID runId, int attempt, AttemptResult result) {
        attempts().finish(runId, attempt, result);
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("attempt", attempt);
        if (result.succeeded()) {
            events().append(runId, RunEvent.FINAL, event.set("output", result.output()));
        } else {
            events().append(runId, RunEvent.ERROR, event.put("code", result.errorCode())
                    .put("message", result.errorMessage()).put("retryable", result.retryable()));
        }
        metrics().attemptEnded(result.status());
    }

    /**
     * Counts the run's ending (runs_ended, run duration) from the row just ended; called once per run,
     * inside the transaction that ended it. Other ways a run ends (the operator's cancel of an unstarted
     * run) call it too, so runs_ended has one source.
     */
    default void countEnding(UUID runId) {
        runs().findById(runId).ifPresent(run -> metrics().runEnded(run.runKind(), run.status(),
                run.errorCode(), Duration.between(run.createdAt(), run.finishedAt())));
    }

    /** Counted here, where each run ends once, so every path that ends a run is counted alike. */
    private GatewayMetrics metrics() {
        return getHandle().getConfig(MetricsJdbiConfig.class).metrics();
    }

    default Optional<GraphRunAttempt> attempt(UUID runId, int attempt) {
        return attempts().find(runId, attempt);
    }
}
