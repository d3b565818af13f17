package dev.graphlaunch.gateway.execution;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which graphs exist. Triggers consult this to refuse unknown graphs early; it deliberately holds
 * no way to execute anything, so reaching it does not reach the executor.
 */
public class GraphCatalog {
    private final Map<String, GraphNamespace> namespaces;

    public GraphCatalog(List<GraphNamespace> namespaces) {
        this.namespaces = namespaces.stream().collect(Collectors.toMap(GraphNamespace::namespace, Function.identity()));
    }

    /** @throws UnknownGraphException for a malformed id, an unknown namespace or an unknown graph in it */
    public GraphId require(String graphId) {
        if (!GraphId.isWellFormed(graphId)) {
            throw new UnknownGraphException("'" + graphId + "' is not a graph id; graph ids look like 'builtin:echo'.");
        }
        GraphId id = GraphId.parse(graphId);
        GraphNamespace namespace = namespaces.get(id.namespace());
        if (namespace == null) {
            throw new UnknownGraphException("Unknown graph namespace '" + id.namespace() + "'; known: "
                    + namespaces.keySet().stream().sorted().collect(Collectors.joining(", ")) + ".");
        }
        if (!namespace.has(id.name())) {
            throw new UnknownGraphException("Namespace '" + id.namespace() + "' has no graph '" + id.name() + "'.");
        }
        return id;
    }
}
