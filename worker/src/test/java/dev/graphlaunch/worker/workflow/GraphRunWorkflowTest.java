package dev.graphlaunch.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.internal.SlotWait;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunResult;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.worker.GraphWorker;
import dev.graphlaunch.worker.WorkerDataConverter;
import dev.graphlaunch.worker.activities.GraphRunActivities;
import dev.graphlaunch.worker.gateway.GatewayFailures;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** A workflow task that keeps failing would retry forever; the timeout turns that into a failure. */
@Timeout(60)
class GraphRunWorkflowTest {
    private static final String RUN_ID = "3f0c6a52-7d1e-4c8e-9a55-0d0f3d0b8a11";
    private static final String GRAPH_ID = "builtin:echo";
    private static final JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("answer", 42);

    private TestWorkflowEnvironment testEnv;
    private GraphRunActivities activities;

    @BeforeEach
    void startTestServer() {
        testEnv = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(WorkerDataConverter.create())
                        .build())
                .build());
        RunSearchAttributes.ALL.forEach(key -> testEnv.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
        // A Temporal system attribute on a real server; the test server needs it declared.
        testEnv.registerSearchAttribute(GraphRunWorkflowImpl.SCHEDULED_START_TIME.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
        // Without withoutAnnotations() the mock copies @ActivityInterface and registration fails.
        activities = mock(GraphRunActivities.class, withSettings().withoutAnnotations());
        when(activities.beginRun(any())).thenReturn(begun(RunStatus.RUNNING, 0, true, null));
        when(activities.finishRun(eq(RUN_ID), any()))
                .thenAnswer(call -> new RunRecord(RUN_ID, call.<FinishRun>getArgument(1).status(), 0));
        Worker worker = testEnv.newWorker(TaskQueues.GRAPH_RUNS);
        // As the worker process registers it: a factory carrying the run timeout, not the bare type.
        GraphWorker.registerWorkflow(worker, GraphRunActivityOptions.DEFAULT_RUN_TIMEOUT);
        worker.registerActivitiesImplementations(activities);
        testEnv.start();
    }

    @AfterEach
    void stopTestServer() {
        testEnv.close();
    }

    @Test
    void succeededAttemptFinishesTheRunByNamingTheAttemptNotCarryingItsOutput() {
        givenAttempts(succeeded());

        GraphRunResult result = run(apiInput());

        assertThat(result).isEqualTo(new GraphRunResult(RUN_ID, RunStatus.SUCCEEDED, 1, null, null, null));
        verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, 1));
        verify(activities).finishRun(RUN_ID, FinishRun.succeededWith(1));
    }

    @Test
    void leanRunBeginsWithOneCallAndNeverUsesTheOldLedgerActivities() {
        givenAttempts(succeeded());

        run(apiInput());

        verify(activities).beginRun(any());
        verify(activities, never()).recordRunStarted(any());
        verify(activities, never()).checkGrant(anyString());
    }

    @Test
    void discardedAttemptIsFollowedByAFreshAttempt() {
        givenAttempts(new AttemptResult(AttemptStatus.DISCARDED, null, ErrorCode.INTERNAL.wire(), "fenced", true),
                succeeded());

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        verify(activities).finishRun(RUN_ID, FinishRun.succeededWith(2));
    }

    @Test
    void retryableFailureIsRetriedWithTheNextAttemptNumber() {
        givenAttempts(failed(ErrorCode.RATE_LIMIT, true), succeeded());

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.attempts()).isEqualTo(2);
        InOrder order = inOrder(activities);
        order.verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, 1));
        order.verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, 2));
        order.verify(activities).finishRun(RUN_ID, FinishRun.succeededWith(2));
    }

    @Test
    void nonRetryableFailureFailsTheRunAtOnce() {
        givenAttempts(failed(ErrorCode.INVALID_REQUEST, false));

        GraphRunResult result = run(apiInput());

        assertThat(result).isEqualTo(new GraphRunResult(RUN_ID, RunStatus.FAILED, 1, null, ErrorCode.INVALID_REQUEST.wire(), "boom"));
        verify(activities, times(1)).executeAttempt(anyString(), any());
        verify(activities).finishRun(RUN_ID, FinishRun.failedAfter(1, ErrorCode.INVALID_REQUEST.wire(), "boom"));
    }

    @Test
    void retriesStopAtMaxAttemptsWithTheLastError() {
        givenAttempts(failed(ErrorCode.RATE_LIMIT, true));

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.attempts()).isEqualTo(GraphRunWorkflowImpl.MAX_ATTEMPTS);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.RATE_LIMIT.wire());
        verify(activities, times(GraphRunWorkflowImpl.MAX_ATTEMPTS)).executeAttempt(anyString(), any());
        verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, GraphRunWorkflowImpl.MAX_ATTEMPTS));
    }

    @Test
    void interruptedAttemptsAreRetriedThenReportedAsInternal() {
        givenAttempts(new AttemptResult(AttemptStatus.INTERRUPTED, null, null, null, false));

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.INTERNAL.wire());
        assertThat(result.errorMessage()).isEqualTo("attempt 5 was interrupted");
        verify(activities, times(GraphRunWorkflowImpl.MAX_ATTEMPTS)).executeAttempt(anyString(), any());
    }

    @Test
    void resumedRunContinuesCountingAttempts() {
        when(activities.beginRun(any())).thenReturn(begun(RunStatus.RUNNING, 2, true, null));
        givenAttempts(succeeded());

        GraphRunResult result = run(apiInput());

        assertThat(result.attempts()).isEqualTo(3);
        verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, 3));
    }

    @Test
    void unreachableExecutorFailsTheRunAsInternal() {
        when(activities.executeAttempt(anyString(), any())).thenThrow(
                ApplicationFailure.newNonRetryableFailure("token rejected", GatewayFailures.AUTH_REJECTED));

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.errorCode()).isEqualTo(ErrorCode.INTERNAL.wire());
        assertThat(result.errorMessage()).startsWith("attempt 1 could not be executed").contains("token rejected");
        verify(activities, times(1)).executeAttempt(anyString(), any());
    }

    @Test
    void deniedGrantSkipsTheRunWithoutExecuting() {
        when(activities.beginRun(any())).thenReturn(begun(RunStatus.RUNNING, 0, false, "api key revoked"));

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.SKIPPED);
        verify(activities).finishRun(RUN_ID, FinishRun.skipped(ErrorCode.GRANT_REVOKED, "api key revoked"));
        verify(activities, never()).executeAttempt(anyString(), any());
    }

    @Test
    void alreadyFinishedRunIsReportedWithoutDoingAnything() {
        when(activities.beginRun(any())).thenReturn(begun(RunStatus.SUCCEEDED, 1, false, null));

        GraphRunResult result = run(apiInput());

        assertThat(result).isEqualTo(new GraphRunResult(RUN_ID, RunStatus.SUCCEEDED, 1, null, null, null));
        verify(activities, never()).checkGrant(anyString());
        verify(activities, never()).executeAttempt(anyString(), any());
        verify(activities, never()).finishRun(anyString(), any());
    }

    @Test
    void apiRunSendsNoKeyAndItsOwnTriggerRef() {
        givenAttempts(succeeded());

        run(apiInput());

        RecordRunStarted started = recordedStart();
        assertThat(started.workflowId()).isEqualTo("graph-run:acme:req-1");
        assertThat(started.idempotencyKey()).isNull();
        assertThat(started.triggerRef()).isEqualTo("req-1");
    }

    @Test
    void scheduledRunDerivesKeyAndTriggerRefFromScheduledStartTime() {
        givenAttempts(succeeded());
        GraphRunInput input = new GraphRunInput("acme", GRAPH_ID, null, RunKind.SYSTEM_SCHEDULED,
                TriggerSource.TEMPORAL_SCHEDULE, "nightly", "ops@acme", "schedule:nightly", null);
        WorkflowStub stub = testEnv.getWorkflowClient().newUntypedWorkflowStub(GraphRunWorkflow.TYPE,
                options("graph-run:acme:schedule:nightly-2026-11-25T17:00:00Z")
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(RunSearchAttributes.TRIGGER_REF, "nightly")
                                .set(GraphRunWorkflowImpl.SCHEDULED_START_TIME, OffsetDateTime.parse("2026-11-25T18:00:00+01:00"))
                                .build())
                        .build());
        stub.start(input);
        stub.getResult(GraphRunResult.class);

        RecordRunStarted started = recordedStart();
        assertThat(started.idempotencyKey()).isEqualTo("schedule:nightly:2026-11-25T17:00:00Z");
        assertThat(started.triggerRef()).isEqualTo("nightly@2026-11-25T17:00:00Z");
        assertThat(started.triggerMetadata().get("scheduleId").asText()).isEqualTo("nightly");
        assertThat(stub.describe().getTypedSearchAttributes().get(RunSearchAttributes.TRIGGER_REF))
                .isEqualTo("nightly@2026-11-25T17:00:00Z");
    }

    @Test
    void cancelledWorkflowMarksTheRunCancelled() throws InterruptedException {
        CountDownLatch releaseAttempt = new CountDownLatch(1);
        when(activities.executeAttempt(anyString(), any())).thenAnswer(call -> {
            releaseAttempt.await();
            return succeeded();
        });
        GraphRunWorkflow workflow = testEnv.getWorkflowClient()
                .newWorkflowStub(GraphRunWorkflow.class, options("graph-run:acme:req-1").build());
        try {
            WorkflowClient.start(workflow::run, apiInput());
            verify(activities, timeout(5_000)).executeAttempt(anyString(), any());

            WorkflowStub.fromTyped(workflow).cancel();

            assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(GraphRunResult.class))
                    .isInstanceOf(WorkflowFailedException.class)
                    .hasCauseInstanceOf(CanceledFailure.class);
            verify(activities).finishRun(RUN_ID, FinishRun.cancelled());
        } finally {
            releaseAttempt.countDown();
        }
    }

    @Test
    void aRunToldToWaitForASlotAsksAgainWhenSignalledAndThenExecutes() {
        givenAttempts(succeeded());
        // The recheck timer is an hour away: only the signal can let the run go within the test.
        when(activities.beginRun(any())).thenReturn(waiting(3600), begun(RunStatus.RUNNING, 0, true, null));
        GraphRunWorkflow workflow = testEnv.getWorkflowClient()
                .newWorkflowStub(GraphRunWorkflow.class, options("graph-run:acme:req-1").build());
        WorkflowClient.start(workflow::run, apiInput());
        verify(activities, timeout(5_000)).beginRun(any());
        verify(activities, never()).executeAttempt(anyString(), any());

        workflow.slotFreed();

        GraphRunResult result = WorkflowStub.fromTyped(workflow).getResult(GraphRunResult.class);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        verify(activities, times(2)).beginRun(any());
        verify(activities).executeAttempt(GRAPH_ID, new ExecuteAttempt(RUN_ID, 1));
        assertThat(recordedStarts()).allMatch(RecordRunStarted::waitsForSlot);
    }

    @Test
    void aWaitingRunWhoseSignalIsLostAsksAgainWhenItsRecheckTimeComes() {
        givenAttempts(succeeded());
        when(activities.beginRun(any())).thenReturn(waiting(60), waiting(60), begun(RunStatus.RUNNING, 0, true, null));

        GraphRunResult result = run(apiInput()); // the test server skips time while the workflow only waits

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        verify(activities, times(3)).beginRun(any());
    }

    @Test
    void aWaitingRunCancelledEndsCancelledWithoutExecuting() {
        when(activities.beginRun(any())).thenReturn(waiting(3600));
        GraphRunWorkflow workflow = testEnv.getWorkflowClient()
                .newWorkflowStub(GraphRunWorkflow.class, options("graph-run:acme:req-1").build());
        WorkflowClient.start(workflow::run, apiInput());
        verify(activities, timeout(5_000)).beginRun(any());

        WorkflowStub.fromTyped(workflow).cancel();

        assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(GraphRunResult.class))
                .isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        verify(activities).finishRun(RUN_ID, FinishRun.cancelled());
        verify(activities, never()).executeAttempt(anyString(), any());
    }

    @Test
    void aWaitingRunThatEndedMeanwhileIsReportedWithoutExecuting() {
        when(activities.beginRun(any())).thenReturn(waiting(60), begun(RunStatus.CANCELLED, 0, false, null));

        GraphRunResult result = run(apiInput());

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        verify(activities, never()).executeAttempt(anyString(), any());
        verify(activities, never()).finishRun(anyString(), any());
    }

    @Test
    void backoffDoublesFromOneSecondUpToOneMinute() {
        assertThat(GraphRunWorkflowImpl.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(GraphRunWorkflowImpl.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(GraphRunWorkflowImpl.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(GraphRunWorkflowImpl.backoffAfter(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(GraphRunWorkflowImpl.backoffAfter(40)).isEqualTo(Duration.ofSeconds(60));
    }

    private GraphRunResult run(GraphRunInput input) {
        GraphRunWorkflow workflow = testEnv.getWorkflowClient()
                .newWorkflowStub(GraphRunWorkflow.class, options("graph-run:acme:req-1").build());
        return workflow.run(input);
    }

    private static WorkflowOptions.Builder options(String workflowId) {
        return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.GRAPH_RUNS);
    }

    private static GraphRunInput apiInput() {
        return new GraphRunInput("acme", GRAPH_ID, JsonNodeFactory.instance.objectNode().put("message", "hi"),
                RunKind.USER_IMMEDIATE, TriggerSource.API, "req-1", "apikey-principal", "apikey:k1", RUN_ID);
    }

    private void givenAttempts(AttemptResult first, AttemptResult... rest) {
        when(activities.executeAttempt(anyString(), any())).thenReturn(first, rest);
    }

    private RecordRunStarted recordedStart() {
        ArgumentCaptor<RecordRunStarted> captor = ArgumentCaptor.forClass(RecordRunStarted.class);
        verify(activities).beginRun(captor.capture());
        return captor.getValue();
    }

    private java.util.List<RecordRunStarted> recordedStarts() {
        ArgumentCaptor<RecordRunStarted> captor = ArgumentCaptor.forClass(RecordRunStarted.class);
        verify(activities, org.mockito.Mockito.atLeastOnce()).beginRun(captor.capture());
        return captor.getAllValues();
    }

    private static BegunRun waiting(long recheckAfterSeconds) {
        return new BegunRun(RUN_ID, RunStatus.QUEUED, 0, true, null,
                new SlotWait("tenant:acme", 1, 1, 0, recheckAfterSeconds));
    }

    private static BegunRun begun(RunStatus status, int attempt, boolean allowed, String reason) {
        return new BegunRun(RUN_ID, status, attempt, allowed, reason);
    }

    private static AttemptResult succeeded() {
        return AttemptResult.succeeded(OUTPUT);
    }

    private static AttemptResult failed(ErrorCode errorCode, boolean retryable) {
        return AttemptResult.failed(errorCode, "boom", retryable);
    }
}
