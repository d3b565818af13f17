package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.workflow.GraphRunInput;

/**
 * Sent by the workflow's first activity. For API and webhook runs the record already exists and
 * this only marks it running; for scheduled runs it creates the record.
 *
 * @param waitForSlot the caller understands a {@link BegunRun#slotWait()} answer (workflows since the
 *     "slot-wait" change); the gateway never makes an older worker wait, whose run would otherwise
 *     execute without its slot. Null counts as false.
 */
public record RecordRunStarted(
        String workflowId,
        String idempotencyKey,
        String triggerRef,
        JsonNode triggerMetadata,
        GraphRunInput run,
        Boolean waitForSlot) {

    /** As workers before concurrency limits send it: never made to wait. */
    public RecordRunStarted(String workflowId, String idempotencyKey, String triggerRef, JsonNode triggerMetadata,
            GraphRunInput run) {
        this(workflowId, idempotencyKey, triggerRef, triggerMetadata, run, null);
    }

    public boolean waitsForSlot() {
        return Boolean.TRUE.equals(waitForSlot);
    }
}
