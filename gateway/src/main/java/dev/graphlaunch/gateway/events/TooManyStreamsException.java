package dev.graphlaunch.gateway.events;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;

/** The tenant already holds as many open SSE streams as {@code events.maxStreamsPerTenant} allows. */
public class TooManyStreamsException extends ProblemException {
    private TooManyStreamsException(String detail) {
        super(ProblemType.TOO_MANY_STREAMS, detail);
    }

    public static TooManyStreamsException atLimit(int limit) {
        return new TooManyStreamsException("This tenant already has " + limit + " open event streams, the most it"
                + " may hold. Close one, or poll GET /api/v1/runs/{runId}/events (JSON) instead.");
    }
}
