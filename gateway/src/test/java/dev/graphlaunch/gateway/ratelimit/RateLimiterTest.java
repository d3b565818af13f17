package dev.graphlaunch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.errors.ProblemType;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The limiter's bookkeeping around a start, with the start and the key table stood in for: which
 * requests spend a token, which are let through an empty bucket, and what a refusal says. The same
 * behaviour over HTTP against PostgreSQL is RateLimitIntegrationTest's.
 */
class RateLimiterTest {
    private static final TokenBucketConfig TWO_PER_SECOND = new TokenBucketConfig(2L, 2d);
    private static final ApiPrincipal ALICE = caller("acme");
    private static final ApiPrincipal BOB = caller("acme");
    private static final ApiPrincipal CAROL = caller("globex");

    private final FakeTicker ticker = new FakeTicker();
    private final Set<String> knownKeys = new HashSet<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger runs = new AtomicInteger();

    private static ApiPrincipal caller(String tenant) {
        return new ApiPrincipal(UUID.randomUUID(), tenant, "app@" + tenant + ".test", Set.of("runs:write"));
    }

    private RateLimiter limiter(TokenBucketConfig perKey, TokenBucketConfig perTenant) {
        return new RateLimiter(new RateLimitsConfig(perKey, perTenant, null, null),
                (tenant, key) -> knownKeys.contains(tenant + "/" + key), new GatewayMetrics(meters), ticker);
    }

    /** A start that records a run under {@code key}, or answers the earlier one (true = replayed). */
    private Supplier<Boolean> start(ApiPrincipal caller, String key) {
        return () -> {
            if (key != null && !knownKeys.add(caller.tenantId() + "/" + key)) {
                return true;
            }
            runs.incrementAndGet();
            return false;
        };
    }

    private Limited<Boolean> admit(RateLimiter limiter, ApiPrincipal caller, String key) {
        return limiter.admit(caller, key, start(caller, key), replayed -> replayed);
    }

    @Test
    void withoutAConfiguredLimitEveryRequestPassesAndNoFieldsAreSent() {
        RateLimiter limiter = limiter(null, null);
        for (int i = 0; i < 100; i++) {
            assertThat(admit(limiter, ALICE, null).headers()).isEmpty();
        }
        assertThat(runs).hasValue(100);
    }

    @Test
    void theRequestAfterTheCapacityIsRefusedWithTheWaitAndTheFieldsAndStartsNothing() {
        RateLimiter limiter = limiter(new TokenBucketConfig(2L, 0.5), null);
        assertThat(admit(limiter, ALICE, null).headers())
                .containsEntry("RateLimit-Policy", "\"per-key\";q=2;w=4")
                .containsEntry("RateLimit", "\"per-key\";r=1;t=2");
        admit(limiter, ALICE, null);

        assertThatThrownBy(() -> admit(limiter, ALICE, null))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> {
                    assertThat(refused.problem()).isEqualTo(ProblemType.RATE_LIMITED);
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(2));
                    assertThat(refused.getMessage()).contains("this API key may start 2 runs at once and 0.5 more"
                            + " per second (policy \"per-key\")").contains("Retry after 2 seconds");
                    assertThat(refused.headers()).containsEntry("RateLimit", "\"per-key\";r=0;t=2")
                            .containsEntry("RateLimit-Policy", "\"per-key\";q=2;w=4");
                });
        assertThat(runs).hasValue(2);
        assertThat(meters.counter("graphlaunch.rate.limited", "limit", "key").count()).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(2));
        assertThat(admit(limiter, ALICE, null).value()).isFalse();
    }

    @Test
    void aReplayGivesItsTokenBack() {
        RateLimiter limiter = limiter(TWO_PER_SECOND, null);
        admit(limiter, ALICE, "k1");
        for (int i = 0; i < 10; i++) {
            Limited<Boolean> replay = admit(limiter, ALICE, "k1");
            assertThat(replay.value()).isTrue();
            assertThat(replay.headers()).containsEntry("RateLimit", "\"per-key\";r=1;t=1");
        }
        assertThat(admit(limiter, ALICE, "k2").value()).isFalse();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aReplayIsAnsweredFromAnEmptyBucketWhileANewKeyIsRefused() {
        RateLimiter limiter = limiter(TWO_PER_SECOND, null);
        admit(limiter, ALICE, "k1");
        admit(limiter, ALICE, "k2");

        Limited<Boolean> replay = admit(limiter, ALICE, "k1");
        assertThat(replay.value()).isTrue();
        assertThat(replay.headers()).containsEntry("RateLimit", "\"per-key\";r=0;t=1");
        assertThatThrownBy(() -> admit(limiter, ALICE, "k3")).isInstanceOf(RateLimitedException.class);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailedStartGivesItsTokenBack() {
        RateLimiter limiter = limiter(new TokenBucketConfig(1L, 1d), null);
        assertThatThrownBy(() -> limiter.admit(ALICE, null, () -> {
            throw new IllegalStateException("backlog full");
        }, replayed -> false)).isInstanceOf(IllegalStateException.class);
        assertThat(admit(limiter, ALICE, null).value()).isFalse();
    }

    @Test
    void aKeyLetThroughAsAReplayThatMadeARunAfterAllStillPaysForIt() {
        RateLimiter limiter = limiter(new TokenBucketConfig(1L, 1d), null);
        admit(limiter, ALICE, "k1");
        // The look-up saw a run; the start then recorded a new one (the old run was removed meanwhile).
        Limited<Boolean> made = limiter.admit(ALICE, "k1", () -> false, replayed -> replayed);
        assertThat(made.headers()).containsEntry("RateLimit", "\"per-key\";r=0;t=2");
    }

    @Test
    void keysOfOneTenantShareItsBucketAndOtherTenantsAreNotAffected() {
        RateLimiter limiter = limiter(new TokenBucketConfig(10L, 1d), new TokenBucketConfig(3L, 1d));
        admit(limiter, ALICE, null);
        admit(limiter, ALICE, null);
        Limited<Boolean> third = admit(limiter, BOB, null);
        assertThat(third.headers())
                .containsEntry("RateLimit-Policy", "\"per-key\";q=10;w=10, \"per-tenant\";q=3;w=3")
                .containsEntry("RateLimit", "\"per-key\";r=9;t=1, \"per-tenant\";r=0;t=1");

        assertThatThrownBy(() -> admit(limiter, BOB, null))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> assertThat(refused.getMessage())
                        .contains("tenant 'acme' may start 3 runs at once and 1 more per second (policy \"per-tenant\")")
                        .doesNotContain("this API key"));
        assertThat(meters.counter("graphlaunch.rate.limited", "limit", "tenant").count()).isEqualTo(1);
        assertThat(admit(limiter, CAROL, null).value()).isFalse();
        assertThat(runs).hasValue(4);
    }

    @Test
    void aRefusalByTheTenantLeavesTheKeysTokenInItsBucketAndNamesOnlyTheTenantInRateLimit() {
        RateLimiter limiter = limiter(new TokenBucketConfig(10L, 0.01), new TokenBucketConfig(1L, 1d));
        admit(limiter, ALICE, null);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> admit(limiter, ALICE, null))
                    .isInstanceOfSatisfying(RateLimitedException.class, refused -> assertThat(refused.headers())
                            .containsEntry("RateLimit-Policy", "\"per-key\";q=10;w=1000, \"per-tenant\";q=1;w=1")
                            .containsEntry("RateLimit", "\"per-tenant\";r=0;t=1"));
        }
        ticker.advance(Duration.ofSeconds(1));
        assertThat(admit(limiter, ALICE, null).headers()).containsEntry("RateLimit",
                "\"per-key\";r=8;t=99, \"per-tenant\";r=0;t=1");
    }

    @Test
    void aTenantOrKeyOfItsOwnGetsItsOwnBucketInPlaceOfTheDefault() {
        RateLimiter limiter = new RateLimiter(new RateLimitsConfig(TWO_PER_SECOND, null,
                        null, Map.of(ALICE.keyId(), new TokenBucketConfig(5L, 1d))),
                (tenant, key) -> false, GatewayMetrics.none(), ticker);
        assertThat(admit(limiter, ALICE, null).headers()).containsEntry("RateLimit-Policy", "\"per-key\";q=5;w=5");
        assertThat(admit(limiter, BOB, null).headers()).containsEntry("RateLimit-Policy", "\"per-key\";q=2;w=1");

        RateLimiter perTenant = new RateLimiter(new RateLimitsConfig(null, TWO_PER_SECOND,
                        Map.of("globex", new TokenBucketConfig(100L, 10d)), null),
                (tenant, key) -> false, GatewayMetrics.none(), ticker);
        assertThat(admit(perTenant, CAROL, null).headers()).containsEntry("RateLimit", "\"per-tenant\";r=99;t=1");
        assertThat(admit(perTenant, ALICE, null).headers()).containsEntry("RateLimit", "\"per-tenant\";r=1;t=1");
    }

    @Test
    void whenBothBucketsAreEmptyTheDetailNamesBothAndTheLaterRefillDecidesTheWait() {
        RateLimiter limiter = limiter(new TokenBucketConfig(1L, 1d), new TokenBucketConfig(1L, 0.2));
        admit(limiter, ALICE, null);
        assertThatThrownBy(() -> admit(limiter, ALICE, null))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> {
                    assertThat(refused.getMessage()).contains("this API key").contains("tenant 'acme'");
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(5));
                });
        assertThat(meters.counter("graphlaunch.rate.limited", "limit", "tenant").count()).isEqualTo(1);
        assertThat(meters.counter("graphlaunch.rate.limited", "limit", "key").count()).isZero();
    }
}
