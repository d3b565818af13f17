package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import java.util.UUID;

/**
 * A run record about to be inserted: what its trigger knows. Everything else (status
 * {@code accepted}, attempt 0, timestamps) the ledger and the database set.
 *
 * @param requestFingerprint null where a repeated key with a different body is still the same
 *     trigger (webhook redeliveries, scheduled runs)
 */
public record NewGraphRun(
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
        JsonNode input) {}
