package dev.graphlaunch.contracts.workflow;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The one workflow every trigger starts: API requests, schedules and webhooks alike. */
@WorkflowInterface
public interface GraphRunWorkflow {

    String TYPE = "GraphRunWorkflow";
    /** Sent by the gateway to a run waiting for a concurrency slot when one may have freed. */
    String SLOT_FREED = "slotFreed";

    @WorkflowMethod(name = TYPE)
    GraphRunResult run(GraphRunInput input);

    /** A hint, never a grant: the workflow asks the gateway again, which decides. */
    @SignalMethod(name = SLOT_FREED)
    void slotFreed();
}
