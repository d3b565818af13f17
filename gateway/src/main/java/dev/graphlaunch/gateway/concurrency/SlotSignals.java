package dev.graphlaunch.gateway.concurrency;

import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import io.temporal.client.WorkflowClient;

/** Tells a waiting run's workflow that a slot may have freed; it then asks the gateway again. */
public class SlotSignals {
    private final WorkflowClient client;

    public SlotSignals(WorkflowClient client) {
        this.client = client;
    }

    /** @throws RuntimeException when Temporal refuses or cannot be reached (the workflow's recheck timer still fires) */
    public void slotFreed(String workflowId) {
        client.newUntypedWorkflowStub(workflowId).signal(GraphRunWorkflow.SLOT_FREED);
    }
}
