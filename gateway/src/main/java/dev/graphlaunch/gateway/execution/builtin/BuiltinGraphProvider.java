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

/**
 * The {@code builtin:} namespace. Each execution reports one {@code builtin} usage unit, priced per
 * graph from configuration (zero by default), so billing parity shows for graphs without an LLM too.
 */
public class BuiltinGraphProvider implements GraphProvider {
    public static final String NAMESPACE = "builtin";

    private final Map<String, BuiltinGraph> graphs;
    private final Map<String, BigDecimal> prices;

    public BuiltinGraphProvider(List<BuiltinGraph> graphs) {
        this(graphs, Map.of());
    }

    /** @param prices graph name → cost of one execution */
    public BuiltinGraphProvider(List<BuiltinGraph> graphs, Map<String, BigDecimal> prices) {
        this.graphs = graphs.stream().collect(Collectors.toMap(BuiltinGraph::name, Function.identity()));
        this.prices = Map.copyOf(prices);
    }

    @Override
    public GraphNamespace describe() {
        return new GraphNamespace(NAMESPACE, graphs.keySet());
    }

    @Override
    public GraphResult execute(GraphInvocation invocation) {
        BuiltinGraph graph = graphs.get(invocation.graphId().name());
        BigDecimal cost = prices.getOrDefault(invocation.graphId().name(), BigDecimal.ZERO);
        UsageFact usage = new UsageFact("builtin", "builtin", invocation.graphId().toString(), 0, 0, cost);
        return new GraphResult(graph.run(invocation.input()), List.of(usage));
    }
}
