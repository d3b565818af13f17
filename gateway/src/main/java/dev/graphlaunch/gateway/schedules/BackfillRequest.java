package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Body of a backfill: the slots of the schedule with nominal times in {@code [from, to)}. */
public record BackfillRequest(Instant from, Instant to) {
    /** A bound on one request: a frequent schedule over a long range is a flood of runs. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    /** @throws InvalidRequestException unless from &lt; to &lt;= now and the range is at most {@link #MAX_RANGE} */
    public BackfillRequest validated(Clock clock) {
        if (from == null || to == null) {
            throw new InvalidRequestException("Send 'from' and 'to' as ISO-8601 instants, e.g. 2026-11-01T00:00:00Z.");
        }
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("'from' must be before 'to'.");
        }
        if (to.isAfter(clock.instant())) {
            throw new InvalidRequestException("'to' must not be in the future: future slots fire on their own.");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("A backfill covers at most " + MAX_RANGE.toDays()
                    + " days; split the range.");
        }
        return this;
    }
}
