package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of a run, as stored and as clients see it.
 *
 * @param seq 1, 2, 3 … per run, in the order the events were committed
 * @param type {@code status}, {@code delta}, {@code progress}, {@code final} or {@code error}
 */
public record RunEvent(long seq, String type, JsonNode data, Instant createdAt) {
    /** The run's status changed; the last event of every run is one. Written by the ledger. */
    public static final String STATUS = "status";
    /** A piece of generated text, from the executing graph. */
    public static final String DELTA = "delta";
    /** What the executing graph is doing, from the graph. */
    public static final String PROGRESS = "progress";
    /** An attempt succeeded, with its output. Written by the ledger. */
    public static final String FINAL = "final";
    /** An attempt failed, with its code. Written by the ledger. */
    public static final String ERROR = "error";
}
