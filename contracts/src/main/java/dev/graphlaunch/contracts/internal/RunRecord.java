package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** What the worker needs to know about a run record. */
public record RunRecord(String runId, String status, int attempt) {

    /** Derived, not part of the wire format. */
    @JsonIgnore
    public boolean isFinished() {
        return switch (status) {
            case "succeeded", "failed", "cancelled", "skipped" -> true;
            default -> false;
        };
    }
}
