package dev.graphlaunch.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunResult;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.worker.activities.GraphRunActivities;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.slf4j.Logger;

/** Orchestrates one run; every side effect is an activity (WORKFLOW_DETERMINISM). */
public class GraphRunWorkflowImpl implements GraphRunWorkflow {
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START_TIME =
            SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

    private static final Logger log = Workflow.getLogger(GraphRunWorkflowImpl.class);

    /**
     * The lean workflow (2026-11-29): begin and finish as local activities, the attempt as the only
     * activity task; inputs and outputs stay in the gateway. Version {@link Workflow#DEFAULT_VERSION}
     * is the four-activity path of earlier histories, kept so runs in flight replay.
     */
    static final String LEAN_CHANGE = "lean-run";
    static final int LEAN = 1;
    /**
     * Concurrency limits (issue 13.3): begin may answer "wait for a slot"; the run then waits for the
     * gateway's {@link #slotFreed} signal (or its recheck timer) and begins again. Asked only on that
     * branch, so a run no limit holds back records no extra marker (and stays within 15 events); an
     * earlier history never reaches it, since its begin calls never asked to wait.
     */
    static final String SLOT_CHANGE = "slot-wait";
    static final int SLOT_WAIT = 1;

    private final GraphRunActivities ledger =
            Workflow.newActivityStub(GraphRunActivities.class, GraphRunActivityOptions.LEDGER);
    private final GraphRunActivities local =
            Workflow.newLocalActivityStub(GraphRunActivities.class, GraphRunActivityOptions.LOCAL_LEDGER);
    private final GraphRunActivities executor;
    /** Counts the gateway's hints; a run compares it with the count it saw before it last asked. */
    private int slotSignals;

    /** Used when registered by type: assumes the worker's default run timeout. */
    public GraphRunWorkflowImpl() {
        this(GraphRunActivityOptions.DEFAULT_RUN_TIMEOUT);
    }

    public GraphRunWorkflowImpl(Duration runTimeout) {
        this.executor =
                Workflow.newActivityStub(GraphRunActivities.class, GraphRunActivityOptions.execute(runTimeout));
    }

    @Override
    public GraphRunResult run(GraphRunInput input) {
        // Histories recorded before the lean workflow carry no marker and replay the four-activity path.
        boolean lean = Workflow.getVersion(LEAN_CHANGE, Workflow.DEFAULT_VERSION, LEAN) == LEAN;
        GraphRunActivities steps = lean ? local : ledger;
        RecordRunStarted request = recordStarted(input);
        BegunRun begun = null;
        RunRecord record;
        int signalsBeforeBegin = slotSignals;
        if (lean) {
            begun = local.beginRun(request);
            record = begun.record();
        } else {
            record = ledger.recordRunStarted(request);
        }
        if (record.isFinished()) {
            // A second execution for a run that already ended (e.g. a reset): report, never redo.
            return finished(record);
        }
        String runId = record.runId();
        try {
            if (begun != null && begun.isWaiting()) {
                begun = waitForSlot(request, begun, signalsBeforeBegin);
                record = begun.record();
                if (record.isFinished()) {
                    return finished(record);
                }
            }
            GrantDecision grant = begun == null ? ledger.checkGrant(runId)
                    : new GrantDecision(begun.grantAllowed(), begun.grantReason());
            return grantThenExecute(input, record, grant, steps, lean);
        } catch (TemporalFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                // The cancelled scope cannot schedule activities; a detached one still closes the record
                // (which also fences the running attempt: it can no longer write to an ended run).
                Workflow.newDetachedCancellationScope(() -> steps.finishRun(runId, FinishRun.cancelled())).run();
            }
            throw failure;
        }
    }

    @Override
    public void slotFreed() {
        slotSignals++;
    }

    /**
     * Waits, {@code queued}, until the gateway gives the run its slot: each round sleeps until the
     * gateway's signal or the recheck time it named, then asks again (the gateway alone decides, in
     * one transaction, so a stray or repeated signal costs one more question). Cancelling the
     * workflow interrupts the wait.
     */
    private BegunRun waitForSlot(RecordRunStarted request, BegunRun waiting, int signalsBeforeBegin) {
        if (Workflow.getVersion(SLOT_CHANGE, Workflow.DEFAULT_VERSION, SLOT_WAIT) == Workflow.DEFAULT_VERSION) {
            return waiting; // unreachable: only workflows with this code ever asked to wait
        }
        BegunRun begun = waiting;
        int seen = signalsBeforeBegin;
        while (begun.isWaiting()) {
            log.info("run {} is {}", begun.runId(), begun.slotWait().describe());
            int before = seen;
            Workflow.await(Duration.ofSeconds(Math.max(1, begun.slotWait().recheckAfterSeconds())),
                    () -> slotSignals > before);
            seen = slotSignals;
            begun = local.beginRun(request);
        }
        return begun;
    }

    private static GraphRunResult finished(RunRecord record) {
        return new GraphRunResult(record.runId(), record.status(), record.attempt(), null, null, null);
    }

    private GraphRunResult grantThenExecute(GraphRunInput input, RunRecord record, GrantDecision grant,
            GraphRunActivities steps, boolean lean) {
        if (!grant.allowed()) {
            FinishRun skipped = FinishRun.skipped(ErrorCode.GRANT_REVOKED, grant.reason());
            return finish(steps, record.runId(), record.attempt(), skipped);
        }
        int attempt = record.attempt();
        AttemptResult result;
        while (true) {
            attempt++;
            result = executeAttempt(input.graphId(), record.runId(), attempt);
            // A resumed run still gets the attempt it was started for, but no retries past the cap.
            if (result.succeeded() || !result.retryable() || attempt >= MAX_ATTEMPTS) {
                break;
            }
            log.info("run {} attempt {} failed with {}; retrying", record.runId(), attempt, result.errorCode());
            Workflow.sleep(backoffAfter(attempt));
        }
        FinishRun finish;
        if (lean) {
            // The gateway stored the attempt's output; naming the attempt keeps it out of the history.
            finish = result.succeeded()
                    ? FinishRun.succeededWith(attempt)
                    : FinishRun.failedAfter(attempt, result.errorCode(), result.errorMessage());
        } else {
            finish = result.succeeded()
                    ? FinishRun.succeeded(result.output())
                    : FinishRun.failed(result.errorCode(), result.errorMessage());
        }
        return finish(steps, record.runId(), attempt, finish);
    }

    /** Folds an interrupted attempt and an unreachable executor into ordinary failed results. */
    private AttemptResult executeAttempt(String graphId, String runId, int attempt) {
        AttemptResult result;
        try {
            result = executor.executeAttempt(graphId, new ExecuteAttempt(runId, attempt));
        } catch (ActivityFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                throw failure;
            }
            // Retries are spent or the gateway refused us: a new attempt would hit the same wall.
            String cause = failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
            return AttemptResult.failed(ErrorCode.INTERNAL,
                    "attempt " + attempt + " could not be executed: " + cause, false);
        }
        if (result.status() == AttemptStatus.INTERRUPTED) {
            return AttemptResult.failed(ErrorCode.INTERNAL, "attempt " + attempt + " was interrupted", true);
        }
        if (result.status() == AttemptStatus.DISCARDED) {
            // A newer attempt or the run's end fenced it off; only a fresh attempt can still write.
            return AttemptResult.failed(ErrorCode.INTERNAL, "attempt " + attempt + " was discarded: "
                    + result.errorMessage(), true);
        }
        return result;
    }

    private GraphRunResult finish(GraphRunActivities steps, String runId, int attempts, FinishRun finish) {
        RunRecord finished = steps.finishRun(runId, finish);
        // The ledger's status wins: a run cancelled meanwhile stays cancelled (status only moves forward).
        return new GraphRunResult(runId, finished.status(), attempts, finish.output(), finish.errorCode(),
                finish.errorMessage());
    }

    private RecordRunStarted recordStarted(GraphRunInput input) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        if (input.runKind() != RunKind.SYSTEM_SCHEDULED) {
            // The gateway created the record and chose its key before starting us.
            return new RecordRunStarted(workflowId, null, input.triggerRef(), null, input, true);
        }
        ScheduledTrigger trigger = new ScheduledTrigger(input.triggerRef(), scheduledTime());
        Workflow.upsertTypedSearchAttributes(RunSearchAttributes.TRIGGER_REF.valueSet(trigger.triggerRef()));
        return new RecordRunStarted(workflowId, trigger.idempotencyKey(), trigger.triggerRef(), metadata(trigger), input,
                true);
    }

    private static Instant scheduledTime() {
        OffsetDateTime nominal = Workflow.getTypedSearchAttributes().get(SCHEDULED_START_TIME);
        // Temporal sets it on every scheduled action; the fallback only keeps a hand-started run unique.
        return nominal != null ? nominal.toInstant() : Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    private static JsonNode metadata(ScheduledTrigger trigger) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("scheduleId", trigger.scheduleId());
        metadata.put("scheduledStartTime", trigger.scheduledTimeText());
        metadata.put("workflowStartedAt", Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString());
        return metadata;
    }

    /** 1 s, 2 s, 4 s … capped at 60 s. */
    static Duration backoffAfter(int attempt) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 16));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }
}
