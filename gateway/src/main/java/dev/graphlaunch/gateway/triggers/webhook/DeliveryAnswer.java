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

    static DeliveryAnswer run(String deliveryId, WorkflowRunEvent event, GraphRun run, boolean duplicate) {
        String reason = duplicate
                ? "workflow run " + event.runId() + " attempt " + event.runAttempt() + " already has run " + run.id()
                : null;
        return new DeliveryAnswer(202, deliveryId, duplicate ? DeliveryOutcome.DUPLICATE : DeliveryOutcome.STARTED,
                reason, run.id().toString(), run.workflowId(), run.status(), RunLinks.of(run.id()),
                event.action(), event.repository());
    }
}
