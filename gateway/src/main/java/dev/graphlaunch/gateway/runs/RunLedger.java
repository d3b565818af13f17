package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

    /**
     * Begin's first half for a run a concurrency limit may hold back: creates the record when no
     * trigger did (scheduled runs) and moves it to {@code queued}, not yet running; {@link #admit}
     * or {@link #recordStarted} then marks it running.
     */
    @Transaction
    default GraphRun recordQueued(String workflowId, Supplier<NewGraphRun> newRun) {
        GraphRunDao runs = runs();
        if (runs.findByWorkflowId(workflowId).isEmpty()) {
            runs.insert(newRun.get()).ifPresent(created -> metrics().scheduleFired(created.runKind()));
        }
        GraphRun found = runs.findByWorkflowId(workflowId).orElseThrow(() -> new RunNotFoundException(workflowId));
        runs.advance(found.id(), RunStatus.QUEUED);
        return runs.findById(found.id()).orElseThrow();
    }

    /**
     * Gives the run a slot of every key, and marks it running, when each key has room for it behind
     * the runs waiting ahead (FIFO per key, interactive runs first); otherwise records that it waits.
     * All or nothing, under each key's lock, so two replicas never hand out one slot twice. The run's
     * events say when it starts waiting and when it gets its slots; a run that gets them at its first
     * request writes no event. Idempotent: a repeated call by a run that holds its slots is granted.
     *
     * @param priority 0 for interactive runs, 1 for the rest: lower goes first
     */
    @Transaction
    default Admission admit(GraphRun run, List<SlotKey> keys, int priority) {
        RunSlotDao slots = slots();
        List<SlotKey> sorted = keys.stream().sorted(Comparator.comparing(SlotKey::key)).toList();
        sorted.forEach(key -> slots.lockKey(key.key()));
        boolean firstRequest = false;
        for (SlotKey key : sorted) {
            firstRequest |= slots.request(key.key(), run.id(), run.workflowId(), key.limit(), priority) == 1;
        }
        Admission admission = Admission.GRANTED;
        boolean holdsAll = true;
        for (SlotKey key : sorted) {
            RunSlotDao.SlotPosition position = slots.position(key.key(), run.id());
            holdsAll &= position.holding();
            if (admission.granted() && position.running() + position.ahead() >= key.limit()) {
                admission = Admission.waiting(key, position);
            }
        }
        if (holdsAll) {
            return Admission.GRANTED;
        }
        if (!admission.granted()) {
            if (firstRequest) {
                events().append(run.id(), RunEvent.STATUS, JsonNodeFactory.instance.objectNode()
                        .put("status", RunStatus.QUEUED.wire()).put("waitingFor", admission.limitKey())
                        .put("limit", admission.limit()).put("running", admission.running())
                        .put("ahead", admission.ahead()).put("message", admission.describe()));
            }
            return admission;
        }
        Instant asked = slots.requestedAt(run.id());
        slots.grant(run.id());
        if (runs().advance(run.id(), RunStatus.RUNNING) == 1) {
            GraphRun running = runs().findById(run.id()).orElseThrow();
            metrics().runStarted(running.runKind(), Duration.between(running.createdAt(), running.startedAt()));
            if (!firstRequest) {
                String slotKeys = String.join(", ", sorted.stream().map(SlotKey::key).toList());
                long waited = Math.max(0, Duration.between(asked, running.startedAt()).toSeconds());
                events().append(run.id(), RunEvent.STATUS, JsonNodeFactory.instance.objectNode()
                        .put("status", RunStatus.RUNNING.wire()).put("slots", slotKeys)
                        .put("waitedSeconds", waited)
                        .put("message", "got a slot of " + slotKeys + " after waiting " + waited + " s"));
            }
        }
        return admission;
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
        JsonNode output = finish.output();
        if (finish.status() == RunStatus.SUCCEEDED && (output == null || output.isNull())) {
            // The lean workflow names the attempt; a worker of the old shape sends the output it no
            // longer gets back (null). Either way the attempt's stored output is the run's.
            output = attempts().succeededOutput(runId, finish.attempt()).orElse(null);
        }
        if (runs().finish(runId, finish.status(), output, finish.errorCode(), finish.errorMessage()) == 1) {
            // The last event of every run: streams close once they have delivered it.
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("status", finish.status().wire());
            if (finish.errorCode() != null) {
                event.put("code", finish.errorCode()).put("message", finish.errorMessage());
            }
            events().append(runId, RunEvent.STATUS, event);
            // The ended run is every attempt's fence; one still recorded running (cancelled, or its
            // gateway died in it) can no longer write, so its row ends here rather than never.
            attempts().discardRunningBefore(runId, Integer.MAX_VALUE, "the run ended " + finish.status().wire()
                    + " while this attempt was recorded running");
            countEnding(runId);
            return true;
        }
        return false;
    }

    /** How a call to begin an attempt went. */
    enum AttemptStart {
        /** This call owns the attempt and holds the run's fence: it may execute. */
        OWNED,
        /** An earlier call already began this attempt. */
        REPEATED,
        /** A later attempt began, or the run ended, first: the attempt is recorded discarded, never run. */
        FENCED
    }

    @Transaction
    default AttemptStart beginAttempt(UUID runId, int attempt) {
        if (attempts().begin(runId, attempt) == 0) {
            return AttemptStart.REPEATED;
        }
        if (runs().raiseFence(runId, attempt) == 0) {
            attempts().discard(runId, attempt, "a later attempt began or the run ended first");
            return AttemptStart.FENCED;
        }
        attempts().discardRunningBefore(runId, attempt,
                "attempt " + attempt + " began while this one was recorded running");
        events().append(runId, RunEvent.STATUS,
                JsonNodeFactory.instance.objectNode().put("status", RunStatus.RUNNING.wire()).put("attempt", attempt));
        return AttemptStart.OWNED;
    }

    /**
     * Records the attempt's result, and its last event, only while it holds the fence; otherwise
     * records it {@code discarded} (a later attempt or the run's end overtook it).
     *
     * @return true when the result was recorded, false when it was discarded
     */
    @Transaction
    default boolean finishAttempt(UUID runId, int attempt, AttemptResult result) {
        if (!runs().holdsFence(runId, attempt)) {
            attempts().discard(runId, attempt, "overtaken by a later attempt or the run's end; result "
                    + result.status().wire() + (result.errorCode() == null ? "" : " (" + result.errorCode() + ")"));
            return false;
        }
        attempts().finish(runId, attempt, result);
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("attempt", attempt);
        if (result.succeeded()) {
            events().append(runId, RunEvent.FINAL, event.set("output", result.output()));
        } else {
            events().append(runId, RunEvent.ERROR, event.put("code", result.errorCode())
                    .put("message", result.errorMessage()).put("retryable", result.retryable()));
        }
        metrics().attemptEnded(result.status());
        return true;
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

    /** Attached, not declared: the ledger's other implementations (test fakes) need not know slots. */
    private RunSlotDao slots() {
        return getHandle().attach(RunSlotDao.class);
    }

    /** Counted here, where each run ends once, so every path that ends a run is counted alike. */
    private GatewayMetrics metrics() {
        return getHandle().getConfig(MetricsJdbiConfig.class).metrics();
    }

    /** Of {@code runIds}, the runs that have ended, by whatever path. */
    default List<UUID> endedAmong(Collection<UUID> runIds) {
        return runIds.isEmpty() ? List.of() : runs().endedAmong(runIds);
    }

    default Optional<GraphRunAttempt> attempt(UUID runId, int attempt) {
        return attempts().find(runId, attempt);
    }
}
