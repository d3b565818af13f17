package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A committed run whose workflow start Temporal has not confirmed yet.
 *
 * @param attempts tries made before this one, outage tries included
 * @param createdAt when the start fell due (when the run was accepted, or the end of a debounce window):
 *     the age the give-up rule and the health check read
 */
public record PendingStart(UUID runId, String workflowId, JsonNode workflowInput, int attempts, Instant createdAt) {}
