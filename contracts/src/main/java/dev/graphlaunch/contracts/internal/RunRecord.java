package dev.graphlaunch.contracts.internal;

/** What the worker needs to know about a run record. */
public record RunRecord(String runId, String status, int attempt) {

    public boolean isFinished() {
        return switch (status) {
            case "succeeded", "failed", "cancelled", "skipped" -> true;
            default -> false;
        };
    }
}
