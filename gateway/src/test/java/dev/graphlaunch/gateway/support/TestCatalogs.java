package dev.graphlaunch.gateway.support;

import dev.graphlaunch.gateway.execution.GraphCatalog;
import dev.graphlaunch.gateway.execution.GraphId;
import dev.graphlaunch.gateway.execution.GraphNamespace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Graph catalogs made from descriptions alone, for tests that only need to know which graphs
 * exist: no provider is built, so no HTTP client, key lookup or graph comes with them.
 */
public final class TestCatalogs {
    private TestCatalogs() {}

    /** The builtin graphs the gateway ships with, and nothing else (the defaults: openai is off). */
    public static GraphCatalog builtin() {
        return of("builtin:echo", "builtin:ci-failure-triage");
    }

    /** A catalog that knows exactly these graphs ({@code namespace:name}). */
    public static GraphCatalog of(String... graphIds) {
        Map<String, Set<String>> names = Arrays.stream(graphIds).map(GraphId::parse).collect(Collectors.groupingBy(
                GraphId::namespace, Collectors.mapping(GraphId::name, Collectors.toSet())));
        List<GraphNamespace> namespaces = names.entrySet().stream()
                .map(entry -> new GraphNamespace(entry.getKey(), entry.getValue()))
                .toList();
        return new GraphCatalog(namespaces);
    }
}
