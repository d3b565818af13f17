package dev.graphlaunch.gateway.execution;

/** Executes the graphs of one namespace. */
public interface GraphProvider {
    GraphNamespace describe();

    GraphResult execute(GraphInvocation invocation);
}
