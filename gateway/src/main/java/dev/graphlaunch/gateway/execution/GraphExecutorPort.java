package dev.graphlaunch.gateway.execution;

/**
 * Executes one attempt of a graph. Only the internal API (called by GraphRunWorkflow's activity)
 * may reach this port: public resources never do (ArchitectureTest enforces it).
 */
public interface GraphExecutorPort {
    /** @throws GraphExecutionException when the graph fails */
    GraphResult execute(GraphInvocation invocation);
}
