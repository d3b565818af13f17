package dev.graphlaunch.gateway.execution.builtin;

import com.fasterxml.jackson.databind.JsonNode;

/** A deterministic graph shipped with the gateway: same input, same output, no outside calls. */
public interface BuiltinGraph {
    String name();

    JsonNode run(JsonNode input);
}
