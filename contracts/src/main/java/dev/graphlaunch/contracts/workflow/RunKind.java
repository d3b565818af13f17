package dev.graphlaunch.contracts.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a run exists, as stored in {@code graph_runs.run_kind}. */
public enum RunKind {
    USER_IMMEDIATE("user_immediate"),
    SYSTEM_SCHEDULED("system_scheduled"),
    SYSTEM_WEBHOOK("system_webhook");

    private final String wire;

    RunKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RunKind fromWire(String value) {
        return Arrays.stream(values())
                .filter(kind -> kind.wire.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run kind: " + value));
    }
}
