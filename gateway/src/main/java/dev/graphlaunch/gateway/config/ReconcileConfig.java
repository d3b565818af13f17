package dev.graphlaunch.gateway.config;

import io.dropwizard.util.Duration;

/**
 * {@code reconcile}: how the gateway ends runs whose workflow closed (or vanished) without
 * reporting back. The longest a such a run stays open is about {@code interval} plus Temporal's
 * visibility lag.
 *
 * @param enabled off only for tests that drive the internal API without Temporal
 * @param interval how often one replica lists the workflows closed since its last look
 * @param overlap how far each look reaches back before the previous one, for visibility lag
 * @param lookback how far the first look after start-up reaches back (the sweep covers older ones)
 * @param sweepBatch how many open runs one tick describes one by one to find missing or closed workflows
 * @param grace how old a {@code queued}/{@code running} run must be before its workflow is described
 */
public record ReconcileConfig(Boolean enabled, Duration interval, Duration overlap, Duration lookback,
        Integer sweepBatch, Duration grace) {
    public ReconcileConfig {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.seconds(20) : interval;
        overlap = overlap == null ? Duration.minutes(1) : overlap;
        lookback = lookback == null ? Duration.hours(1) : lookback;
        sweepBatch = sweepBatch == null ? 20 : sweepBatch;
        grace = grace == null ? Duration.minutes(2) : grace;
    }

    public static ReconcileConfig defaults() {
        return new ReconcileConfig(null, null, null, null, null, null);
    }
}
