package dev.graphlaunch.contracts.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunStatus;

/**
 * How a run ended. The full record lives in the gateway's {@code graph_runs}.
 *
 * @param output only in histories recorded before the lean workflow; now null, the output stays
 *     in the gateway (GET /api/v1/runs/{id})
 * @param errorCode an {@link dev.graphlaunch.contracts.runs.ErrorCode}'s wire name
 */
public record GraphRunResult(
        String runId, RunStatus status, int attempts, JsonNode output, String errorCode, String errorMessage) {}
