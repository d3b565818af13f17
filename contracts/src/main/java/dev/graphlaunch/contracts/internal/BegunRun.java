package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.graphlaunch.contracts.runs.RunStatus;

/**
 * The answer to "begin": the run record marked running (created for scheduled runs) and, unless
 * it had already ended, whether its grant still holds. One call instead of two, so the lean
 * workflow spends one local activity before the attempt.
 *
 * @param grantAllowed meaningless when the run had already ended (then no grant was checked)
 */
public record BegunRun(String runId, RunStatus status, int attempt, boolean grantAllowed, String grantReason) {

    @JsonIgnore
    public boolean isFinished() {
        return status.isFinal();
    }

    @JsonIgnore
    public RunRecord record() {
        return new RunRecord(runId, status, attempt);
    }
}
