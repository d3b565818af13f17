package dev.graphlaunch.contracts.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/** How a run ended. The full record lives in the gateway's {@code graph_runs}. */
public record GraphRunResult(
        String runId, String status, int attempts, JsonNode output, String errorCode, String errorMessage) {}
