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
        RunLinks links,
        WaitingFor waitingFor) {

    public record RunError(String code, String message) {}

    /** A {@code queued} run held back by a concurrency limit: which key, its limit, and since when. */
    public record WaitingFor(String limitKey, int limit, Instant since) {}

    /** With what the run waits for, when a concurrency limit holds it back (null otherwise). */
    public static RunView of(GraphRun run, WaitingFor waitingFor) {
        RunView view = of(run);
        return new RunView(view.runId, view.workflowId, view.graphId, view.status, view.runKind, view.triggerSource,
                view.triggerRef, view.requestedBy, view.attempt, view.input, view.output, view.error, view.rerunOf,
                view.createdAt, view.startedAt, view.finishedAt, view.links, waitingFor);
    }

    public static RunView of(GraphRun run) {
        RunError error = run.errorCode() == null ? null : new RunError(run.errorCode(), run.errorMessage());
        return new RunView(run.id().toString(), run.workflowId(), run.graphId(), run.status(), run.runKind(),
                run.triggerSource(), run.triggerRef(), run.requestedBy(), run.attempt(), run.input(), run.output(),
                error, run.rerunOf() == null ? null : run.rerunOf().toString(), run.createdAt(), run.startedAt(),
                run.finishedAt(), RunLinks.of(run.id()), null);
    }
}
