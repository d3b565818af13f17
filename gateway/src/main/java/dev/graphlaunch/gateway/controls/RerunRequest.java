package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.databind.JsonNode;

/** Optional body of a rerun: {@code input} replaces the original run's input. */
public record RerunRequest(JsonNode input) {}
