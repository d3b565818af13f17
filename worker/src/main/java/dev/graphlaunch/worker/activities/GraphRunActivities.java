package dev.graphlaunch.worker.activities;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import io.temporal.activity.ActivityInterface;

/**
 * The workflow's steps that touch the outside world; each is one call to the gateway's internal API.
 * {@link #recordRunStarted} and {@link #checkGrant} stay for histories recorded before the lean
 * workflow (docs/architecture.md, "Workflow versions").
 */
@ActivityInterface
public interface GraphRunActivities {

    /** Creates (scheduled runs) or finds the run record for this workflow and marks it running. */
    RunRecord recordRunStarted(RecordRunStarted request);

    /**
     * {@link #recordRunStarted} and {@link #checkGrant} in one call; the lean workflow runs it as a
     * local activity. The grant is not checked for a run that already ended.
     */
    BegunRun beginRun(RecordRunStarted request);

    GrantDecision checkGrant(String runId);

    /** Idempotent on (runId, attempt); heartbeats while the graph runs. */
    AttemptResult executeAttempt(String graphId, ExecuteAttempt request);

    RunRecord finishRun(String runId, FinishRun request);
}
