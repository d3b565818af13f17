package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import java.time.Instant;

/** A run as clients see it: status, provenance, timestamps, attempt, and output or error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String runId,
        String workflowId,
        String graphId,
        RunStatus status,
        RunKind runKind,
        TriggerSource triggerSource,
        String triggerRef,
        String requestedBy,
        int attempt,
        JsonNode input,
        JsonNode output,
        RunError error,
        String rerunOf,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        RunLinks links) {

    public record RunError(String code, String message) {}

    public static RunView of(GraphRun run) {
        RunError error = run.errorCode() == null ? null : new RunError(run.errorCode(), run.errorMessage());
        return new RunView(run.id().toString(), run.workflowId(), run.graphId(), run.status(), run.runKind(),
                run.triggerSource(), run.triggerRef(), run.requestedBy(), run.attempt(), run.input(), run.output(),
                error, run.rerunOf() == null ? null : run.rerunOf().toString(), run.createdAt(), run.startedAt(),
                run.finishedAt(), RunLinks.of(run.id()));
    }
}
