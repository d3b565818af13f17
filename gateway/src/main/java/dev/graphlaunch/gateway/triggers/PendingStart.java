package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** A committed run whose workflow start Temporal has not confirmed yet. */
public record PendingStart(UUID runId, String workflowId, JsonNode workflowInput, int attempts) {}
