package dev.graphlaunch.gateway.config;

import io.dropwizard.util.Duration;

/**
 * {@code startBacklog}: how many accepted runs may wait for their workflow start, and when that
 * wait is a problem. Only API triggers are refused beyond the bounds (docs/operations.md,
 * "Backpressure"); webhook deliveries are always recorded and scheduled runs never pass the outbox.
 *
 * @param maxPending pending starts (all tenants) beyond which API triggers get 503
 * @param maxPendingPerTenant pending starts of one tenant beyond which its API triggers get 429
 * @param unhealthyAfter the {@code start-backlog} health check fails while the oldest pending start is older
 * @param retryAfter what refused clients are told to wait
 * @param refreshInterval how often each replica counts the backlog (the accept path reads that count)
 */
public record StartBacklogConfig(Long maxPending, Long maxPendingPerTenant, Duration unhealthyAfter,
        Duration retryAfter, Duration refreshInterval) {
    public StartBacklogConfig {
        maxPending = maxPending == null ? 10_000L : maxPending;
        maxPendingPerTenant = maxPendingPerTenant == null ? 2_000L : maxPendingPerTenant;
        unhealthyAfter = unhealthyAfter == null ? Duration.minutes(2) : unhealthyAfter;
        retryAfter = retryAfter == null ? Duration.seconds(10) : retryAfter;
        refreshInterval = refreshInterval == null ? Duration.seconds(1) : refreshInterval;
    }

    public static StartBacklogConfig defaults() {
        return new StartBacklogConfig(null, null, null, null, null);
    }
}
