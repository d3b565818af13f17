package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code graph_runs}. */
public record GraphRun(
        UUID id,
        String tenantId,
        String graphId,
        String workflowId,
        String idempotencyKey,
        String requestFingerprint,
        RunKind runKind,
        TriggerSource triggerSource,
        String triggerRef,
        String requestedBy,
        JsonNode triggerMetadata,
        String grantRef,
        JsonNode input,
        RunStatus status,
        int attempt,
        JsonNode output,
        String errorCode,
        String errorMessage,
        String traceId,
        UUID rerunOf,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
