package dev.graphlaunch.gateway.runs;

import java.util.Arrays;

/**
 * A run's status only moves forward: accepted → queued → running → a final status. The rank is
 * what makes a backwards transition a no-op (see {@link GraphRunDao#transition}).
 */
public enum RunStatus {
    ACCEPTED(0),
    QUEUED(1),
    RUNNING(2),
    SUCCEEDED(3),
    FAILED(3),
    CANCELLED(3),
    SKIPPED(3);

    private final int rank;

    RunStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String wire() {
        return name().toLowerCase();
    }

    public boolean isFinal() {
        return rank == 3;
    }

    public static RunStatus fromWire(String value) {
        return Arrays.stream(values())
                .filter(status -> status.wire().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run status: " + value));
    }
}
