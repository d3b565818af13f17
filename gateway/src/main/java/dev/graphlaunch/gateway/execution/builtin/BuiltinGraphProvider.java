package dev.graphlaunch.gateway.execution.builtin;

import dev.graphlaunch.gateway.execution.GraphInvocation;
import dev.graphlaunch.gateway.execution.GraphNamespace;
import dev.graphlaunch.gateway.execution.GraphProvider;
import dev.graphlaunch.gateway.execution.GraphResult;
import dev.graphlaunch.gateway.execution.UsageFact;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code builtin:} namespace. Each execution reports one {@code builtin} usage unit. */
public class BuiltinGraphProvider implements GraphProvider {
    public static final String NAMESPACE = "builtin";

    private final Map<String, BuiltinGraph> graphs;

    public BuiltinGraphProvider(List<BuiltinGraph> graphs) {
        this.graphs = graphs.stream().collect(Collectors.toMap(BuiltinGraph::name, Function.identity()));
    }

    @Override
    public GraphNamespace describe() {
        return new GraphNamespace(NAMESPACE, graphs.keySet());
    }

    @Override
    public GraphResult execute(GraphInvocation invocation) {
        BuiltinGraph graph = graphs.get(invocation.graphId().name());
        UsageFact usage = new UsageFact("builtin", "builtin", invocation.graphId().toString(), 0, 0, BigDecimal.ZERO);
        return new GraphResult(graph.run(invocation.input()), List.of(usage));
    }
}
