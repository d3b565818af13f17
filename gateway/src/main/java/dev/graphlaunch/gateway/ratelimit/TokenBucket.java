package dev.graphlaunch.gateway.ratelimit;

import java.util.List;

/**
 * The token bucket arithmetic. Tokens are fractional and refilled lazily from the elapsed time, so
 * a bucket costs nothing while nobody asks. Every method takes the time from the caller (a
 * {@link Ticker} reading): the arithmetic is testable without sleeping.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final TokenBucketConfig config;
    private double tokens;
    private long updatedAt;

    TokenBucket(TokenBucketConfig config, long now) {
        this.config = config;
        this.tokens = config.capacity();
        this.updatedAt = now;
    }

    TokenBucketConfig config() {
        return config;
    }

    /**
     * One token from each bucket, or none from any: a request refused by its tenant's bucket must not
     * have spent its key's token. Locks are taken in list order; callers always list a key's bucket
     * before its tenant's, so two requests never wait for each other's lock.
     *
     * @return the buckets that had no whole token; empty when the tokens were taken
     */
    static List<TokenBucket> takeFromAll(List<TokenBucket> buckets, long now) {
        return takeLocked(buckets, 0, now);
    }

    private static List<TokenBucket> takeLocked(List<TokenBucket> buckets, int next, long now) {
        if (next < buckets.size()) {
            synchronized (buckets.get(next)) {
                return takeLocked(buckets, next + 1, now);
            }
        }
        List<TokenBucket> empty = buckets.stream().filter(bucket -> !bucket.hasToken(now)).toList();
        if (empty.isEmpty()) {
            buckets.forEach(bucket -> bucket.tokens -= 1);
        }
        return empty;
    }

    /** Gives back a token taken for a request that made no run; never beyond capacity. */
    synchronized void refund(long now) {
        refill(now);
        tokens = Math.min(config.capacity(), tokens + 1);
    }

    /**
     * Takes a token even from an empty bucket, leaving a debt the refill pays first: for the rare
     * request let through as a replay that turned out to make a run after all.
     */
    synchronized void charge(long now) {
        refill(now);
        tokens -= 1;
    }

    synchronized State state(long now) {
        refill(now);
        return new State(Math.max(0, (long) Math.floor(tokens)), secondsUntilNextToken());
    }

    /**
     * @param remaining whole tokens left: the requests that may start runs now
     * @param secondsUntilNext until one more is available, rounded up: the Retry-After of an empty
     *     bucket, and the RateLimit field's {@code t} (within it, no more than {@code remaining} runs)
     */
    record State(long remaining, long secondsUntilNext) {}

    private boolean hasToken(long now) {
        refill(now);
        return tokens >= 1;
    }

    private long secondsUntilNextToken() {
        // A full bucket gains nothing until a token is taken; then the next comes one period later.
        double missing = tokens >= config.capacity() ? 1 : Math.max(1, Math.floor(tokens) + 1) - tokens;
        // Less a nanosecond's worth: 0.99 / 0.01 is 99.00000000000001 in doubles, and means 99.
        return Math.max(1, (long) Math.ceil(missing / config.refillPerSecond() - 1e-9));
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(config.capacity(), tokens + elapsed / NANOS_PER_SECOND * config.refillPerSecond());
            updatedAt = now;
        }
    }
}
