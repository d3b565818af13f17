package dev.graphlaunch.contracts.internal;

/**
 * The gateway's answer when a run may not execute yet: a concurrency limit of {@code limitKey} is
 * reached. The run stays {@code queued}; the gateway signals the workflow when a slot frees, and the
 * workflow asks again after {@code recheckAfterSeconds} at the latest (a lost signal only delays).
 *
 * @param limitKey the key whose limit holds the run back, e.g. {@code repo:acme/api}
 * @param running runs of that key executing now
 * @param ahead runs of that key waiting ahead of this one
 */
public record SlotWait(String limitKey, int limit, int running, int ahead, long recheckAfterSeconds) {

    /** What the run's events and logs say. */
    public String describe() {
        return "waiting for a slot of " + limitKey + " (limit " + limit + ", " + ahead + " ahead)";
    }
}
