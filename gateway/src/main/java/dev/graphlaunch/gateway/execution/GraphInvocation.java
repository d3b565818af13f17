package dev.graphlaunch.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** One attempt of one run, as the executor sees it. */
public record GraphInvocation(UUID runId, int attempt, String tenantId, GraphId graphId, JsonNode input) {}
