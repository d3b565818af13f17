package dev.graphlaunch.worker.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
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

    private final GraphRunActivities ledger =
            Workflow.newActivityStub(GraphRunActivities.class, GraphRunActivityOptions.LEDGER);
    private final GraphRunActivities executor;

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
        RunRecord record = ledger.recordRunStarted(recordStarted(input));
        if (record.isFinished()) {
            // A second execution for a run that already ended (e.g. a reset): report, never redo.
            return new GraphRunResult(record.runId(), record.status(), record.attempt(), null, null, null);
        }
        try {
            return grantThenExecute(input, record);
        } catch (TemporalFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                // The cancelled scope cannot schedule activities; a detached one still closes the record.
                Workflow.newDetachedCancellationScope(() -> ledger.finishRun(record.runId(),
                        FinishRun.cancelled())).run();
            }
            throw failure;
        }
    }

    private GraphRunResult grantThenExecute(GraphRunInput input, RunRecord record) {
        GrantDecision grant = ledger.checkGrant(record.runId());
        if (!grant.allowed()) {
            FinishRun skipped = FinishRun.skipped(ErrorCode.GRANT_REVOKED, grant.reason());
            return finish(record.runId(), record.attempt(), skipped);
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
        FinishRun finish = result.succeeded()
                ? FinishRun.succeeded(result.output())
                : FinishRun.failed(result.errorCode(), result.errorMessage());
        return finish(record.runId(), attempt, finish);
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
        return result;
    }

    private GraphRunResult finish(String runId, int attempts, FinishRun finish) {
        RunRecord finished = ledger.finishRun(runId, finish);
        // The ledger's status wins: a run cancelled meanwhile stays cancelled (status only moves forward).
        return new GraphRunResult(runId, finished.status(), attempts, finish.output(), finish.errorCode(),
                finish.errorMessage());
    }

    private RecordRunStarted recordStarted(GraphRunInput input) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        if (input.runKind() != RunKind.SYSTEM_SCHEDULED) {
            // The gateway created the record and chose its key before starting us.
            return new RecordRunStarted(workflowId, null, input.triggerRef(), null, input);
        }
        ScheduledTrigger trigger = new ScheduledTrigger(input.triggerRef(), scheduledTime());
        Workflow.upsertTypedSearchAttributes(RunSearchAttributes.TRIGGER_REF.valueSet(trigger.triggerRef()));
        return new RecordRunStarted(workflowId, trigger.idempotencyKey(), trigger.triggerRef(), metadata(trigger), input);
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
