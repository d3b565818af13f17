package dev.graphlaunch.gateway.ratelimit;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Token buckets per API key and per tenant for the API triggers (chat, rerun). A token is spent
 * only by a request that records a new run: it is taken before the start, so concurrent requests
 * cannot overdraw a bucket, and given back when the start was a replay of its idempotency key or
 * failed. With an empty bucket a request whose key already has a run is still let through, since
 * a client retrying after a timeout must get its original answer, not a 429; everything else is
 * refused before anything is written.
 *
 * <p>Buckets live in this replica's memory (docs/api.md, "Rate limits", says how to size them for
 * several replicas): one PostgreSQL write per trigger would cost the accept path more than the
 * limit is worth. They are created on a key's first request; there are as many as keys and tenants
 * that sent one.
 */
public class RateLimiter {
    private final RateLimitsConfig config;
    private final KnownKeys knownKeys;
    private final GatewayMetrics metrics;
    private final Ticker ticker;
    private final Map<UUID, TokenBucket> keyBuckets = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> tenantBuckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimitsConfig config, KnownKeys knownKeys, GatewayMetrics metrics, Ticker ticker) {
        this.config = config;
        this.knownKeys = knownKeys;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    /**
     * Runs {@code start} if the caller's buckets allow a new run, or if it is a replay.
     *
     * @param replayKey the stored idempotency key when the client sent one, else null (a key the
     *     gateway made up never has a run yet, so it is not looked up)
     * @param replayed whether {@code start} answered an earlier run rather than recording one
     * @throws RateLimitedException when a bucket is empty and the request is no replay
     */
    public <T> Limited<T> admit(ApiPrincipal caller, String replayKey, Supplier<T> start, Predicate<T> replayed) {
        List<Bucket> buckets = bucketsOf(caller);
        if (buckets.isEmpty()) {
            return new Limited<>(start.get(), Map.of());
        }
        List<TokenBucket> tokens = buckets.stream().map(Bucket::tokens).toList();
        List<TokenBucket> empty = TokenBucket.takeFromAll(tokens, ticker.nanos());
        if (empty.isEmpty()) {
            return new Limited<>(startWithToken(tokens, start, replayed), fields(buckets));
        }
        if (replayKey != null && knownKeys.hasRun(caller.tenantId(), replayKey)) {
            return new Limited<>(replayWithoutToken(tokens, start, replayed), fields(buckets));
        }
        throw refusal(caller, buckets, empty);
    }

    /** The token was taken; it is given back unless the start recorded a new run. */
    private <T> T startWithToken(List<TokenBucket> tokens, Supplier<T> start, Predicate<T> replayed) {
        T answer;
        try {
            answer = start.get();
        } catch (RuntimeException refused) {
            tokens.forEach(bucket -> bucket.refund(ticker.nanos()));
            throw refused;
        }
        if (replayed.test(answer)) {
            tokens.forEach(bucket -> bucket.refund(ticker.nanos()));
        }
        return answer;
    }

    /** An empty bucket, but the key has its run: the start answers it (or a 422) and writes nothing. */
    private <T> T replayWithoutToken(List<TokenBucket> tokens, Supplier<T> start, Predicate<T> replayed) {
        T answer = start.get();
        if (!replayed.test(answer)) {
            // Only if the run vanished between the look-up and the start; it still costs its token.
            tokens.forEach(bucket -> bucket.charge(ticker.nanos()));
        }
        return answer;
    }

    private RateLimitedException refusal(ApiPrincipal caller, List<Bucket> buckets, List<TokenBucket> empty) {
        long now = ticker.nanos();
        List<RateLimitFields.Item> over = new ArrayList<>();
        for (Bucket bucket : buckets) {
            if (empty.contains(bucket.tokens())) {
                over.add(new RateLimitFields.Item(bucket.limit(), bucket.tokens().config(), bucket.tokens().state(now)));
            }
        }
        // The request needs every bucket: the one that refills last decides when to come back.
        RateLimitFields.Item binding = over.stream()
                .max(Comparator.comparingLong(item -> item.state().secondsUntilNext())).orElseThrow();
        metrics.rateLimited(binding.limit().label());
        // RateLimit names only the empty buckets: the draft (section 6) wants no policy's t beyond Retry-After.
        return RateLimitedException.of(caller.tenantId(), over,
                Duration.ofSeconds(binding.state().secondsUntilNext()), RateLimitFields.of(items(buckets, now), over));
    }

    private Map<String, String> fields(List<Bucket> buckets) {
        return RateLimitFields.of(items(buckets, ticker.nanos()));
    }

    private static List<RateLimitFields.Item> items(List<Bucket> buckets, long now) {
        return buckets.stream()
                .map(bucket -> new RateLimitFields.Item(bucket.limit(), bucket.tokens().config(),
                        bucket.tokens().state(now)))
                .toList();
    }

    /** The key's bucket first, then the tenant's: the lock order {@link TokenBucket#takeFromAll} relies on. */
    private List<Bucket> bucketsOf(ApiPrincipal caller) {
        List<Bucket> buckets = new ArrayList<>(2);
        TokenBucketConfig perKey = config.forKey(caller.keyId());
        if (perKey != null) {
            buckets.add(new Bucket(Limit.KEY,
                    keyBuckets.computeIfAbsent(caller.keyId(), id -> new TokenBucket(perKey, ticker.nanos()))));
        }
        TokenBucketConfig perTenant = config.forTenant(caller.tenantId());
        if (perTenant != null) {
            buckets.add(new Bucket(Limit.TENANT,
                    tenantBuckets.computeIfAbsent(caller.tenantId(), id -> new TokenBucket(perTenant, ticker.nanos()))));
        }
        return buckets;
    }

    private record Bucket(Limit limit, TokenBucket tokens) {}
}
