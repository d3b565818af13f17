package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunLinks;

/**
 * What the webhook answers to an accepted delivery, and what the delivery log records of it.
 * GitHub shows this body in the hook's "Recent Deliveries", so the reason is written for a person.
 *
 * @param status the run's status when the delivery was answered; absent when no run is involved
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAnswer(
        @JsonIgnore int httpStatus,
        String deliveryId,
        DeliveryOutcome outcome,
        String reason,
        String runId,
        String workflowId,
        RunStatus status,
        RunLinks links,
        @JsonIgnore String action,
        @JsonIgnore String repository) {

    static DeliveryAnswer pong(String deliveryId, String repository, String reason) {
        return new DeliveryAnswer(200, deliveryId, DeliveryOutcome.IGNORED, reason, null, null, null, null, null, repository);
    }

    static DeliveryAnswer ignored(String deliveryId, String action, String repository, String reason) {
        return new DeliveryAnswer(202, deliveryId, DeliveryOutcome.IGNORED, reason, null, null, null, null, action, repository);
    }

    static DeliveryAnswer of(String deliveryId, WorkflowRunEvent event, Intake intake) {
        GraphRun run = intake.run();
        String failure = "workflow run " + event.runId() + " attempt " + event.runAttempt();
        DeliveryOutcome outcome;
        String reason;
        switch (intake.outcome()) {
            case JOINED -> {
                outcome = DeliveryOutcome.JOINED;
                reason = failure + " joins run " + run.id() + ", which has not started: it lists "
                        + intake.failures() + " failures of " + shortSha(event.sha());
            }
            case DUPLICATE -> {
                outcome = DeliveryOutcome.DUPLICATE;
                reason = failure + " already has run " + run.id();
            }
            default -> {
                outcome = DeliveryOutcome.STARTED;
                reason = intake.followUpOf() == null ? null : "follow-up of run " + intake.followUpOf()
                        + ", which had started before " + failure + " came";
            }
        }
        return new DeliveryAnswer(202, deliveryId, outcome, reason, run.id().toString(), run.workflowId(),
                run.status(), RunLinks.of(run.id()), event.action(), event.repository());
    }

    private static String shortSha(String sha) {
        return sha == null ? "its commit" : sha.substring(0, Math.min(7, sha.length()));
    }
}
