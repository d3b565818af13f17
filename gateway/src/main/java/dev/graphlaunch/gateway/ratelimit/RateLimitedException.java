package dev.graphlaunch.gateway.ratelimit;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An API trigger refused because its key's or its tenant's bucket is empty. Nothing was written;
 * the same request is welcome after {@code retryAfter}. The detail names the limit, so a client
 * knows whether its own key or its whole tenant is over.
 */
public class RateLimitedException extends ProblemException {

    private RateLimitedException(String detail, Duration retryAfter, Map<String, String> headers) {
        super(ProblemType.RATE_LIMITED, detail, retryAfter, headers);
    }

    static RateLimitedException of(String tenantId, List<RateLimitFields.Item> empty, Duration retryAfter,
            Map<String, String> headers) {
        String limits = empty.stream().map(item -> describe(item, tenantId)).collect(Collectors.joining("; and "));
        return new RateLimitedException("Rate limit exceeded: " + limits + ". No run was recorded."
                + " Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter, headers);
    }

    private static String describe(RateLimitFields.Item item, String tenantId) {
        String who = item.limit() == Limit.KEY ? "this API key" : "tenant '" + tenantId + "'";
        TokenBucketConfig config = item.config();
        return who + " may start " + config.capacity() + " runs at once and "
                + BigDecimal.valueOf(config.refillPerSecond()).stripTrailingZeros().toPlainString()
                + " more per second (policy \"" + item.limit().policy() + "\"), and has none left";
    }
}
