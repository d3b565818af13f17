package dev.graphlaunch.contracts.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A run's status, as stored in {@code graph_runs.status}. It only moves forward: accepted → queued
 * → running → a final status ({@code skipped} when the run's grant no longer holds). The rank is
 * what makes a backwards transition a no-op (the gateway's {@code GraphRunDao#advance}).
 */
public enum RunStatus implements WireValue {
    ACCEPTED("accepted", 0),
    QUEUED("queued", 1),
    RUNNING("running", 2),
    SUCCEEDED("succeeded", Rank.FINAL),
    FAILED("failed", Rank.FINAL),
    CANCELLED("cancelled", Rank.FINAL),
    SKIPPED("skipped", Rank.FINAL);

    /** The rank every final status has; nothing moves past it. */
    public static final int FINAL_RANK = Rank.FINAL;

    private final String wire;
    private final int rank;

    RunStatus(String wire, int rank) {
        this.wire = wire;
        this.rank = rank;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    public int rank() {
        return rank;
    }

    public boolean isFinal() {
        return rank == Rank.FINAL;
    }

    @JsonCreator
    public static RunStatus fromWire(String value) {
        return WireValue.parse(RunStatus.class, value);
    }

    /**
     * The rank of the SQL column {@code column} holding a status, as a SQL expression, so "forward
     * only" is one atomic comparison in the database.
     */
    public static String sqlRank(String column) {
        return Arrays.stream(values())
                .map(status -> "when '" + status.wire + "' then " + status.rank)
                .collect(Collectors.joining(" ", "(case " + column + " ", " end)"));
    }

    // Enum constants cannot refer to the enum's own static fields.
    private static final class Rank {
        static final int FINAL = 3;
    }
}
