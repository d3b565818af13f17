package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.gateway.priority.RunPriorities;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * Starts GraphRunWorkflow. Safe to call any number of times for one workflow id: a running
 * execution is reused and a closed one is never started again. Each start carries the priority
 * and fairness key of its run kind and tenant ({@link RunPriorities}).
 */
public class WorkflowStarter {
    private final WorkflowClient client;
    private final RunPriorities priorities;

    /** With the default priorities (docs/api.md, "Priority"). */
    public WorkflowStarter(WorkflowClient client) {
        this(client, RunPriorities.defaults());
    }

    public WorkflowStarter(WorkflowClient client, RunPriorities priorities) {
        this.client = client;
        this.priorities = priorities;
    }

    public void start(String workflowId, GraphRunInput input) {
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.GRAPH_RUNS)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(RunSearchAttributes.of(input));
        priorities.of(input.runKind(), input.tenantId()).ifPresent(options::setPriority);
        GraphRunWorkflow workflow = client.newWorkflowStub(GraphRunWorkflow.class, options.build());
        try {
            WorkflowClient.start(workflow::run, input);
        } catch (WorkflowExecutionAlreadyStarted alreadyRan) {
            // Closed with this id before: it ran, and must not run twice.
        }
    }
}
