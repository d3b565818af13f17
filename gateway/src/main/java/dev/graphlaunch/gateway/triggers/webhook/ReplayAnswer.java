package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.RunLinks;

/**
 * What a replay did: the answer the delivery got this time (as GitHub would have seen it), the
 * replay's own log row, and the row it replayed.
 *
 * @param replayId the replay's row in the delivery log
 * @param replayOf the log row of the delivery as it arrived
 * @param rerunOf the failure's earlier run, when {@code rerun: true} started a new one beside it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayAnswer(
        String replayId,
        String replayOf,
        String deliveryId,
        DeliveryOutcome outcome,
        String reason,
        String runId,
        String workflowId,
        RunStatus status,
        String rerunOf,
        RunLinks links) {

    static ReplayAnswer of(GitHubDeliveries.Replayed replayed, String replayOf, String rerunOf) {
        DeliveryAnswer answer = replayed.answer();
        return new ReplayAnswer(replayed.logId().toString(), replayOf, answer.deliveryId(), answer.outcome(),
                answer.reason(), answer.runId(), answer.workflowId(), answer.status(), rerunOf, answer.links());
    }
}
