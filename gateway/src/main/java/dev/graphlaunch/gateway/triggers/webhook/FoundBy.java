package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.runs.WireValue;

/** How the gateway learnt of a CI failure, as stored in {@code ci_failures.found_by}. */
public enum FoundBy implements WireValue {
    /** A webhook delivery from GitHub. */
    DELIVERY("delivery", TriggerSource.GITHUB_WEBHOOK),
    /** The REST catch-up poller found a failure no delivery had brought. */
    CATCH_UP("catch_up", TriggerSource.GITHUB_CATCH_UP),
    /** An operator replayed a kept delivery: still a delivery's run, so the webhook's source. */
    REPLAY("replay", TriggerSource.GITHUB_WEBHOOK);

    private final String wire;
    private final TriggerSource triggerSource;

    FoundBy(String wire, TriggerSource triggerSource) {
        this.wire = wire;
        this.triggerSource = triggerSource;
    }

    /** The {@code trigger_source} of a run this failure opens (a run it joins keeps its opener's). */
    public TriggerSource triggerSource() {
        return triggerSource;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }
}
