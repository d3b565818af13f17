package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.workflow.GraphRunInput;

/**
 * Sent by the workflow's first activity. For API and webhook runs the record already exists and
 * this only marks it running; for scheduled runs it creates the record.
 */
public record RecordRunStarted(
        String workflowId,
        String idempotencyKey,
        String triggerRef,
        JsonNode triggerMetadata,
        GraphRunInput run) {}
