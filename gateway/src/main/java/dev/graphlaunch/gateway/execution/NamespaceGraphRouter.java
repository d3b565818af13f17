package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.contracts.runs.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Routes {@code namespace:name} to its provider; an unknown namespace fails closed. */
public class NamespaceGraphRouter implements GraphExecutorPort {
    private final Map<String, GraphProvider> providers;

    public NamespaceGraphRouter(List<GraphProvider> providers) {
        this.providers = providers.stream()
                .collect(Collectors.toMap(provider -> provider.describe().namespace(), Function.identity()));
    }

    @Override
    public GraphResult execute(GraphInvocation invocation) {
        GraphProvider provider = providers.get(invocation.graphId().namespace());
        if (provider == null || !provider.describe().has(invocation.graphId().name())) {
            throw new GraphExecutionException(ErrorCode.NOT_FOUND,
                    "no graph '" + invocation.graphId() + "' is configured", false);
        }
        return provider.execute(invocation);
    }
}
