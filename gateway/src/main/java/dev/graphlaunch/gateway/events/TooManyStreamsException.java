package dev.graphlaunch.gateway.events;

import dev.graphlaunch.gateway.errors.ProblemException;
import java.util.Map;

/** The tenant already holds as many open SSE streams as {@code events.maxStreamsPerTenant} allows. */
public class TooManyStreamsException extends ProblemException {
    private final long retryAfterSeconds;

    public TooManyStreamsException(int limit, long retryAfterSeconds) {
        super(429, "too-many-streams", "Too many streams",
                "This tenant already has " + limit + " open event streams, the most it may hold. Close one, or"
                        + " poll GET /api/v1/runs/{runId}/events (JSON) instead.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
