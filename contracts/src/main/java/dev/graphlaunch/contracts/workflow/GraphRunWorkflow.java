package dev.graphlaunch.contracts.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The one workflow every trigger starts: API requests, schedules and webhooks alike. */
@WorkflowInterface
public interface GraphRunWorkflow {

    String TYPE = "GraphRunWorkflow";

    @WorkflowMethod(name = TYPE)
    GraphRunResult run(GraphRunInput input);
}
