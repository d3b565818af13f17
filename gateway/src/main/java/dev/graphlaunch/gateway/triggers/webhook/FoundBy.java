package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.graphlaunch.contracts.runs.WireValue;

/** How the gateway learnt of a CI failure, as stored in {@code ci_failures.found_by}. */
public enum FoundBy implements WireValue {
    /** A webhook delivery from GitHub. */
    DELIVERY("delivery"),
    /** The REST catch-up poller found a failure no delivery had brought. */
    CATCH_UP("catch_up"),
    /** An operator replayed a kept delivery. */
    REPLAY("replay");

    private final String wire;

    FoundBy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
