package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who told the gateway of one CI failure.
 *
 * @param ref what brought it: the {@code X-GitHub-Delivery} of a delivery (also of a replayed one),
 *     or the catch-up's own reference; a run's {@code trigger_ref} is the ref of its first failure
 * @param metadata what the reporter knows beyond the payload (a delivery's headers); the intake
 *     adds the failure's identifiers and keeps it as the run's {@code trigger_metadata}
 * @param requestedBy who a run it opens is requested by: {@code github:{sender}} for a delivery, the
 *     admin for a replay; null means {@code githubWebhook.requestedByPrefix} + the payload's sender
 */
public record FailureReport(FoundBy foundBy, String ref, ObjectNode metadata, String requestedBy) {}
