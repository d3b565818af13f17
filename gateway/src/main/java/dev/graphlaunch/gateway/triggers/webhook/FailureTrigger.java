package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.triggers.StartedRun;

/**
 * Where one failing GitHub workflow run attempt becomes a run: the single path a verified delivery
 * ({@link GitHubDeliveries}) and catch-up ({@code catchup.CatchUpScanner}) both take, so whatever
 * decides how a failure becomes a run (today one run per attempt) decides it for both.
 *
 * <p>What a caller guarantees: {@code failure} passed {@link DeliveryFilter#whyIgnored} and
 * {@link WorkflowRunEvent#requireStartable()}. What an implementation guarantees:
 * <ul>
 *   <li>idempotent on {@link WorkflowRunEvent#idempotencyKey()}: the same attempt, found again by any
 *       door, answers the run it already has with {@code replayed = true} and starts nothing;</li>
 *   <li>the run's {@code trigger_source}, {@code trigger_ref}, {@code requested_by} and
 *       {@code trigger_metadata} are {@code foundBy}'s, its run kind {@code system_webhook} and its
 *       grant {@code webhook:github};</li>
 *   <li>committed before it returns (NO_LOST_TRIGGER); never waits for Temporal.</li>
 * </ul>
 */
public interface FailureTrigger {
    /** @return the failure's run: new, or the one it already had ({@code replayed}) */
    StartedRun trigger(WorkflowRunEvent failure, FoundBy foundBy);
}
