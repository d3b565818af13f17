package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;
import java.time.Duration;

/**
 * An API trigger refused because too many accepted runs already wait for their start. Nothing was
 * written; the same request with the same key is welcome after {@code retryAfter}. The whole
 * gateway being behind and one tenant over its share are different problems (errors/ProblemType).
 */
public class StartBacklogFullException extends ProblemException {

    private StartBacklogFullException(ProblemType problem, String detail, Duration retryAfter) {
        super(problem, detail, retryAfter);
    }

    static StartBacklogFullException global(long limit, Duration retryAfter) {
        return new StartBacklogFullException(ProblemType.START_BACKLOG_FULL,
                "The gateway has " + limit + " or more runs waiting to start; this trigger was not recorded."
                        + " Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter);
    }

    static StartBacklogFullException tenant(String tenantId, long limit, Duration retryAfter) {
        return new StartBacklogFullException(ProblemType.TENANT_START_BACKLOG_FULL,
                "Tenant '" + tenantId + "' has " + limit + " or more runs waiting to start; this trigger was not"
                        + " recorded. Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter);
    }
}
