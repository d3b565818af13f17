package dev.graphlaunch.gateway.runs;

/**
 * One concurrency limit a run must fit under before it executes.
 *
 * @param key what the limit counts, e.g. {@code tenant:acme}, {@code repo:acme/api}, {@code graph:builtin:echo}
 * @param limit how many runs of the key may execute at once (at least 1)
 */
public record SlotKey(String key, int limit) {
    public SlotKey {
        if (limit < 1) {
            throw new IllegalArgumentException("a concurrency limit is at least 1, got " + limit + " for " + key);
        }
    }
}
