package dev.graphlaunch.gateway.metrics;

import java.util.Locale;

/** What a trigger came to at the start protocol: the {@code outcome} label of {@code graphlaunch_triggers_total}. */
public enum TriggerOutcome {
    /** A new run and its pending workflow start were committed. */
    STARTED,
    /** The idempotency key already had this request's run: the trigger was answered with it. */
    DUPLICATE,
    /** The key already had a run for a different request: refused with 422. */
    REFUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
