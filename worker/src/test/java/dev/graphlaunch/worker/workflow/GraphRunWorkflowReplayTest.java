package dev.graphlaunch.worker.workflow;

import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.worker.GraphWorker;
import dev.graphlaunch.worker.WorkerDataConverter;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded from a real Temporal dev server running worker.jar: a change to the
 * workflow that would break runs already in flight fails here, before it is deployed.
 */
class GraphRunWorkflowReplayTest {
    private TestWorkflowEnvironment testEnv;
    private Worker worker;

    @BeforeEach
    void createReplayWorker() {
        // The recorded payloads were written by the worker's converter; replay must read them the same way.
        testEnv = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(WorkerDataConverter.create())
                        .build())
                .build());
        worker = testEnv.newWorker(TaskQueues.GRAPH_RUNS);
        // As the worker process registers it: a factory carrying the run timeout, not the bare type.
        GraphWorker.registerWorkflow(worker, GraphRunActivityOptions.DEFAULT_RUN_TIMEOUT);
    }

    @AfterEach
    void closeEnvironment() {
        testEnv.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"histories/scheduled-run.json", "histories/api-run-retried-once.json",
            // The lean workflow (version LEAN of GraphRunWorkflowImpl.LEAN_CHANGE), recorded by LeanWorkflowSystemTest.
            "histories/lean-api-run.json", "histories/lean-scheduled-run.json",
            "histories/lean-api-run-retried-once.json",
            // Waited for a concurrency slot (version SLOT_WAIT of SLOT_CHANGE), recorded by ConcurrencyLimitsSystemTest.
            "histories/lean-api-run-waited-for-slot.json"})
    void recordedHistoryReplaysWithoutNondeterminism(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, worker);
    }
}
