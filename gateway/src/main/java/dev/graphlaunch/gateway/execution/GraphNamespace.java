package dev.graphlaunch.gateway.execution;

import java.util.Set;

/**
 * What a namespace offers, without the means to execute it.
 *
 * @param graphs the graph names it knows, or empty when any name is accepted (an LLM namespace
 *     passes the name to its endpoint as the model)
 */
public record GraphNamespace(String namespace, Set<String> graphs) {
    public boolean has(String name) {
        return graphs.isEmpty() || graphs.contains(name);
    }
}
