package dev.graphlaunch.gateway.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/** The Temporal SDK reports through tally; this scope forwards its temporal_* meters to Micrometer. */
public final class TemporalMetrics {
    /** How often tally flushes into the registry; well under any Prometheus scrape interval. */
    private static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(1);

    private TemporalMetrics() {}

    /** Stops the scope's reporting thread with the gateway (after a last flush). */
    public static Managed closing(Scope scope) {
        return new Managed() {
            @Override
            public void stop() throws Exception {
                scope.close();
            }
        };
    }

    public static Scope scope(MeterRegistry registry) {
        return new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(REPORT_EVERY);
    }
}
