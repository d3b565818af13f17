package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackfillRequestTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aPastRangeOfUpToThirtyOneDaysIsAccepted() {
        BackfillRequest range = new BackfillRequest(NOW.minus(Duration.ofDays(31)), NOW);

        assertThat(range.validated(CLOCK)).isEqualTo(range);
    }

    @Test
    void missingBoundsAreRefused() {
        assertThatThrownBy(() -> new BackfillRequest(null, NOW).validated(CLOCK))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'from' and 'to'");
    }

    @Test
    void anEmptyOrBackwardsRangeIsRefused() {
        assertThatThrownBy(() -> new BackfillRequest(NOW.minusSeconds(60), NOW.minusSeconds(60)).validated(CLOCK))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("before");
    }

    @Test
    void aRangeReachingIntoTheFutureIsRefused() {
        assertThatThrownBy(() -> new BackfillRequest(NOW.minusSeconds(60), NOW.plusSeconds(1)).validated(CLOCK))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("future");
    }

    @Test
    void aRangeLongerThanThirtyOneDaysIsRefused() {
        assertThatThrownBy(() -> new BackfillRequest(NOW.minus(Duration.ofDays(32)), NOW).validated(CLOCK))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("31 days");
    }
}
