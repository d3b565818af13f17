package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.graphlaunch.contracts.runs.RunStatus;

/** What the worker needs to know about a run record. */
public record RunRecord(String runId, RunStatus status, int attempt) {

    /** Derived, not part of the wire format. */
    @JsonIgnore
    public boolean isFinished() {
        return status.isFinal();
    }
}
