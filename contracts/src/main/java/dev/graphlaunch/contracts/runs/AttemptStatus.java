package dev.graphlaunch.contracts.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where one execution attempt of a run stands: {@code graph_run_attempts.status}, and the status
 * of the gateway's answer to the worker.
 */
public enum AttemptStatus implements WireValue {
    /** Begun and not finished; only ever stored, never an answer. */
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /**
     * The answer when an earlier call for the same attempt began and never finished (the gateway
     * died mid-run): the workflow then raises the attempt instead of trusting a half-done one.
     */
    INTERRUPTED("interrupted"),
    /**
     * The attempt lost its fence while it ran: a later attempt began, or the run ended (cancelled)
     * meanwhile. Its late result was not written to the run; stored, and the answer to a call that
     * ended that way.
     */
    DISCARDED("discarded");

    private final String wire;

    AttemptStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AttemptStatus fromWire(String value) {
        return WireValue.parse(AttemptStatus.class, value);
    }
}
