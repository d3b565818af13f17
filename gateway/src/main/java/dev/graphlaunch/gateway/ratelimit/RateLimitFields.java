package dev.graphlaunch.gateway.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-11:
 * structured-field lists with one item per policy, named by a string. {@code q} is the bucket's
 * capacity and {@code w} the seconds it takes to fill; {@code r} the whole tokens left and {@code t}
 * the seconds until one more comes back. The quota unit is the default, requests, of which only
 * those that start a new run count (the draft leaves that to the server).
 */
final class RateLimitFields {
    static final String POLICY = "RateLimit-Policy";
    static final String LIMIT = "RateLimit";

    private RateLimitFields() {}

    record Item(Limit limit, TokenBucketConfig config, TokenBucket.State state) {}

    static Map<String, String> of(List<Item> items) {
        return of(items, items);
    }

    /** @param limits the items of the RateLimit field: a refusal lists only the policies that refused */
    static Map<String, String> of(List<Item> policies, List<Item> limits) {
        if (policies.isEmpty()) {
            return Map.of();
        }
        return Map.of(
                POLICY, join(policies, item -> "\"" + item.limit().policy() + "\";q=" + item.config().capacity()
                        + ";w=" + item.config().windowSeconds()),
                LIMIT, join(limits, item -> "\"" + item.limit().policy() + "\";r=" + item.state().remaining()
                        + ";t=" + item.state().secondsUntilNext()));
    }

    private static String join(List<Item> items, java.util.function.Function<Item, String> member) {
        return items.stream().map(member).collect(Collectors.joining(", "));
    }
}
