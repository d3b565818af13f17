package dev.graphlaunch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final FakeTicker ticker = new FakeTicker();

    private TokenBucket bucket(long capacity, double refillPerSecond) {
        return new TokenBucket(new TokenBucketConfig(capacity, refillPerSecond), ticker.nanos());
    }

    private boolean take(TokenBucket bucket) {
        return TokenBucket.takeFromAll(List.of(bucket), ticker.nanos()).isEmpty();
    }

    @Test
    void aNewBucketIsFullAndRefusesTheRequestAfterItsCapacity() {
        TokenBucket bucket = bucket(3, 1);
        assertThat(take(bucket)).isTrue();
        assertThat(take(bucket)).isTrue();
        assertThat(take(bucket)).isTrue();
        assertThat(take(bucket)).isFalse();
        assertThat(bucket.state(ticker.nanos())).isEqualTo(new TokenBucket.State(0, 1));
    }

    @Test
    void tokensComeBackAtTheRefillRateButNeverBeyondCapacity() {
        TokenBucket bucket = bucket(5, 2);
        for (int i = 0; i < 5; i++) {
            take(bucket);
        }
        ticker.advance(Duration.ofMillis(1_500));
        assertThat(bucket.state(ticker.nanos()).remaining()).isEqualTo(3);
        ticker.advance(Duration.ofHours(1));
        assertThat(bucket.state(ticker.nanos()).remaining()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(take(bucket)).isTrue();
        }
        assertThat(take(bucket)).isFalse();
    }

    @Test
    void retryAfterIsTheWaitForTheNextWholeTokenRoundedUp() {
        TokenBucket bucket = bucket(2, 0.25); // one token every 4 s
        take(bucket);
        take(bucket);
        assertThat(bucket.state(ticker.nanos())).isEqualTo(new TokenBucket.State(0, 4));
        ticker.advance(Duration.ofMillis(2_500));
        assertThat(bucket.state(ticker.nanos())).isEqualTo(new TokenBucket.State(0, 2));
        ticker.advance(Duration.ofMillis(1_500));
        assertThat(bucket.state(ticker.nanos())).isEqualTo(new TokenBucket.State(1, 4));
        assertThat(take(bucket)).isTrue();
        assertThat(take(bucket)).isFalse();
    }

    @Test
    void aFullBucketSaysTheNextTokenIsOneRefillPeriodAway() {
        assertThat(bucket(60, 1).state(ticker.nanos())).isEqualTo(new TokenBucket.State(60, 1));
        assertThat(bucket(10, 0.1).state(ticker.nanos())).isEqualTo(new TokenBucket.State(10, 10));
        assertThat(bucket(100, 50).state(ticker.nanos())).isEqualTo(new TokenBucket.State(100, 1));
    }

    @Test
    void aRefundGivesTheTokenBackButNotBeyondCapacity() {
        TokenBucket bucket = bucket(2, 1);
        take(bucket);
        bucket.refund(ticker.nanos());
        assertThat(bucket.state(ticker.nanos()).remaining()).isEqualTo(2);
        bucket.refund(ticker.nanos());
        assertThat(bucket.state(ticker.nanos()).remaining()).isEqualTo(2);
    }

    @Test
    void aChargeOnAnEmptyBucketIsADebtTheRefillPaysFirst() {
        TokenBucket bucket = bucket(1, 1);
        take(bucket);
        bucket.charge(ticker.nanos());
        assertThat(bucket.state(ticker.nanos())).isEqualTo(new TokenBucket.State(0, 2));
        ticker.advance(Duration.ofSeconds(1));
        assertThat(take(bucket)).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(take(bucket)).isTrue();
    }

    @Test
    void tokensAreTakenFromEveryBucketOrFromNone() {
        TokenBucket key = bucket(5, 1);
        TokenBucket tenant = bucket(1, 1);
        assertThat(TokenBucket.takeFromAll(List.of(key, tenant), ticker.nanos())).isEmpty();
        assertThat(TokenBucket.takeFromAll(List.of(key, tenant), ticker.nanos())).containsExactly(tenant);
        assertThat(key.state(ticker.nanos()).remaining()).isEqualTo(4);
    }

    @Test
    void thePolicyWindowIsTheTimeToFillAnEmptyBucketRoundedUp() {
        assertThat(new TokenBucketConfig(60L, 1d).windowSeconds()).isEqualTo(60);
        assertThat(new TokenBucketConfig(10L, 3d).windowSeconds()).isEqualTo(4);
        assertThat(new TokenBucketConfig(1L, 10d).windowSeconds()).isEqualTo(1);
    }
}
