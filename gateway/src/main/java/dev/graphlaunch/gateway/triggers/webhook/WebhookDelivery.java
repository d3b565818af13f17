package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code webhook_deliveries}, and how the admin listing shows it. Event and delivery
 * id are as the sender claimed them; action and repository are only read from verified payloads.
 *
 * @param replayOf the row this one replays; null for a delivery that arrived from GitHub
 * @param requestedBy the admin who asked for a replay; null for a delivery that arrived from GitHub
 * @param bodyKept its verified raw body is still kept, so it can be replayed (read only, never inserted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookDelivery(
        UUID id,
        @JsonIgnore String source,
        @JsonIgnore String tenantId,
        String deliveryId,
        String event,
        String action,
        String repository,
        String hookId,
        String outcome,
        String reason,
        int httpStatus,
        UUID runId,
        Instant receivedAt,
        UUID replayOf,
        String requestedBy,
        boolean bodyKept) {}
