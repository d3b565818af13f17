package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;

/**
 * A run a trigger asks for, provenance included. Built by the trigger handler from what the server
 * knows (the authenticated key, the verified delivery), never from client-supplied provenance.
 *
 * @param requestFingerprint SHA-256 of the canonical request, or null where a repeated key with a
 *     different body is still the same trigger (webhook redeliveries)
 */
public record NewRun(
        String tenantId,
        String graphId,
        String idempotencyKey,
        String requestFingerprint,
        RunKind runKind,
        TriggerSource triggerSource,
        String triggerRef,
        String requestedBy,
        JsonNode triggerMetadata,
        String grantRef,
        JsonNode input) {}
