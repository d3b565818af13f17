package dev.graphlaunch.contracts.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a run exists, as stored in {@code graph_runs.run_kind}. */
public enum RunKind implements WireValue {
    USER_IMMEDIATE("user_immediate"),
    SYSTEM_SCHEDULED("system_scheduled"),
    SYSTEM_WEBHOOK("system_webhook");

    private final String wire;

    RunKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RunKind fromWire(String value) {
        return WireValue.parse(RunKind.class, value);
    }
}
