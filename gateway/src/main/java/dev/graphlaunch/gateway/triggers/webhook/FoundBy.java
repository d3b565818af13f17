package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.TriggerSource;

/**
 * How the gateway learned of a failure, as the run's provenance will say it: set by the server
 * from what it verified (a signed delivery, or GitHub's own API answering our token).
 *
 * @param source {@code webhook:github} for a delivery, {@code catch_up:github} for catch-up
 * @param triggerRef the delivery's {@code X-GitHub-Delivery}, or the workflow run's page for catch-up
 * @param requestedBy {@code github:{sender}} for a delivery, the catch-up's own name otherwise
 * @param metadata identifiers that find the failure on GitHub again; must hold {@code repository},
 *     which the grant check reads
 */
public record FoundBy(TriggerSource source, String triggerRef, String requestedBy, JsonNode metadata) {}
