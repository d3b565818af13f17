package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * Starts GraphRunWorkflow. Safe to call any number of times for one workflow id: a running
 * execution is reused and a closed one is never started again.
 */
public class WorkflowStarter {
    private final WorkflowClient client;

    public WorkflowStarter(WorkflowClient client) {
        this.client = client;
    }

    public void start(String workflowId, GraphRunInput input) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.GRAPH_RUNS)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(RunSearchAttributes.of(input))
                .build();
        GraphRunWorkflow workflow = client.newWorkflowStub(GraphRunWorkflow.class, options);
        try {
            WorkflowClient.start(workflow::run, input);
        } catch (WorkflowExecutionAlreadyStarted alreadyRan) {
            // Closed with this id before: it ran, and must not run twice.
        }
    }
}
