package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import java.util.UUID;

/** One row of {@code graph_run_attempts}. */
public record GraphRunAttempt(UUID runId, int attempt, AttemptStatus status, JsonNode output, String errorCode,
        String errorMessage, boolean retryable) {}
