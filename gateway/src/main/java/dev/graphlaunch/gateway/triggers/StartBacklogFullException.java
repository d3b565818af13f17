package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.errors.ProblemException;
import java.time.Duration;
import java.util.Map;

/**
 * An API trigger refused because too many accepted runs already wait for their start. Nothing was
 * written; the same request with the same key is welcome after {@code Retry-After}. The whole
 * gateway being behind is 503 (the service is overloaded); one tenant over its share is 429 (that
 * tenant sends too much).
 */
public class StartBacklogFullException extends ProblemException {
    private final Duration retryAfter;

    private StartBacklogFullException(int status, String type, String title, String detail, Duration retryAfter) {
        super(status, type, title, detail);
        this.retryAfter = retryAfter;
    }

    static StartBacklogFullException global(long limit, Duration retryAfter) {
        return new StartBacklogFullException(503, "start-backlog-full", "Start backlog full",
                "The gateway has " + limit + " or more runs waiting to start; this trigger was not recorded."
                        + " Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter);
    }

    static StartBacklogFullException tenant(String tenantId, long limit, Duration retryAfter) {
        return new StartBacklogFullException(429, "tenant-start-backlog-full", "Too many runs waiting to start",
                "Tenant '" + tenantId + "' has " + limit + " or more runs waiting to start; this trigger was not"
                        + " recorded. Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
}
