package dev.graphlaunch.gateway.triggers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code graphlaunch_start_backlog_pending} and {@code graphlaunch_start_backlog_oldest_age_seconds}:
 * runs committed whose workflow is not started yet. One cheap aggregate over the outbox, read at
 * most once per {@code maxStaleness} however often Prometheus (or several) scrape.
 */
public final class StartBacklogGauges {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration maxStaleness;
    private Instant readAt = Instant.MIN;
    private Backlog last = new Backlog(0, 0);

    record Backlog(long pending, double oldestAgeSeconds) {}

    private StartBacklogGauges(Jdbi jdbi, Clock clock, Duration maxStaleness) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
    }

    public static void register(MeterRegistry registry, Jdbi jdbi, Duration maxStaleness) {
        StartBacklogGauges gauges = new StartBacklogGauges(jdbi, Clock.systemUTC(), maxStaleness);
        Gauge.builder("graphlaunch.start.backlog.pending", gauges, g -> g.read().pending())
                .description("Runs committed whose workflow start is still in the outbox")
                .strongReference(true) // nothing else holds the reader; a weak one would read NaN after a GC
                .register(registry);
        Gauge.builder("graphlaunch.start.backlog.oldest.age", gauges, g -> g.read().oldestAgeSeconds())
                .description("Age of the oldest pending workflow start (0 when none)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** A failed read (database down) keeps the last values rather than failing the whole scrape. */
    synchronized Backlog read() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(maxStaleness) >= 0) {
            try {
                last = jdbi.withHandle(handle -> handle.createQuery("""
                        select count(*) as pending,
                               coalesce(extract(epoch from now() - min(created_at)), 0) as oldest_age_seconds
                        from run_start_outbox""")
                        .map((rs, ctx) -> new Backlog(rs.getLong("pending"), rs.getDouble("oldest_age_seconds")))
                        .one());
            } catch (RuntimeException unavailable) {
                // the health checks report the database; the gauges keep their last reading
            } finally {
                readAt = now;
            }
        }
        return last;
    }
}
