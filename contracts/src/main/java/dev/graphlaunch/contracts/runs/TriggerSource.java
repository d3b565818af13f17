package dev.graphlaunch.contracts.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which door a run came in through, as stored in {@code graph_runs.trigger_source}. */
public enum TriggerSource implements WireValue {
    API("api"),
    TEMPORAL_SCHEDULE("temporal_schedule"),
    GITHUB_WEBHOOK("webhook:github"),
    /**
     * A failing GitHub workflow run no delivery brought, found by listing the repository's runs
     * (the catch-up poller), when catch-up opened the run. Same run kind, run keys and dedupe
     * ({@code ci_failures}) as {@link #GITHUB_WEBHOOK}.
     */
    GITHUB_CATCH_UP("catch_up:github");

    private final String wire;

    TriggerSource(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TriggerSource fromWire(String value) {
        return WireValue.parse(TriggerSource.class, value);
    }
}
