package dev.graphlaunch.gateway.triggers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code graphlaunch_start_backlog_pending} and {@code graphlaunch_start_backlog_oldest_age_seconds}:
 * runs committed whose workflow is not started yet, as {@link StartBacklog} counts them for the
 * accept path (refreshed every {@code startBacklog.refreshInterval}), so a scrape costs no query.
 */
public final class StartBacklogGauges {
    private StartBacklogGauges() {}

    public static void register(MeterRegistry registry, StartBacklog backlog) {
        Gauge.builder("graphlaunch.start.backlog.pending", backlog, StartBacklog::pending)
                .description("Runs committed whose workflow start is still in the outbox")
                .strongReference(true) // the registry must keep reading it, not NaN after a GC
                .register(registry);
        Gauge.builder("graphlaunch.start.backlog.oldest.age", backlog, b -> b.oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest pending workflow start (0 when none)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }
}
