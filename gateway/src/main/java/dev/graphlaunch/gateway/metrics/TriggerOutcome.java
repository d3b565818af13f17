package dev.graphlaunch.gateway.metrics;

import java.util.Locale;

/** What a trigger came to at the start protocol: the {@code outcome} label of {@code graphlaunch_triggers_total}. */
public enum TriggerOutcome {
    /** A new run and its pending workflow start were committed. */
    STARTED,
    /** A CI failure was added to its commit's run, which had not started yet (githubWebhook.debounce). */
    JOINED,
    /** The idempotency key already had this request's run: the trigger was answered with it. */
    DUPLICATE,
    /**
     * Refused without a run: the key already had a run for a different request (422), or the start
     * backlog was full (backpressure, 503).
     */
    REFUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
