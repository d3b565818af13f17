package dev.graphlaunch.contracts.workflow;

public final class TaskQueues {
    /** Where {@link GraphRunWorkflow} and its activities are polled. */
    public static final String GRAPH_RUNS = "graph-runs";

    private TaskQueues() {}
}
