package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.graphlaunch.contracts.runs.RunStatus;

/**
 * The answer to "begin": the run record marked running (created for scheduled runs) and, unless
 * it had already ended, whether its grant still holds. One call instead of two, so the lean
 * workflow spends one local activity before the attempt.
 *
 * @param grantAllowed meaningless when the run had already ended (then no grant was checked)
 * @param slotWait present when a concurrency limit keeps the run {@code queued}: the workflow waits
 *     and begins again; absent in every answer to a caller that did not ask to wait
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BegunRun(String runId, RunStatus status, int attempt, boolean grantAllowed, String grantReason,
        SlotWait slotWait) {

    public BegunRun(String runId, RunStatus status, int attempt, boolean grantAllowed, String grantReason) {
        this(runId, status, attempt, grantAllowed, grantReason, null);
    }

    @JsonIgnore
    public boolean isFinished() {
        return status.isFinal();
    }

    @JsonIgnore
    public boolean isWaiting() {
        return slotWait != null && !isFinished();
    }

    @JsonIgnore
    public RunRecord record() {
        return new RunRecord(runId, status, attempt);
    }
}
