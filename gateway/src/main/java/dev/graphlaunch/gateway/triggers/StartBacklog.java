package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size of the start backlog as the accept path sees it, without a query per request: a count
 * of the outbox taken every refresh, plus the runs this replica accepted since. Other replicas'
 * accepts show at the next refresh, so with several replicas the bound can be overshot by what
 * they accept in one refresh interval; it is a brake, not a quota.
 */
public class StartBacklog implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StartBacklog.class);

    private final RunStartOutboxDao outbox;
    private final StartBacklogConfig config;
    private final Duration refreshInterval;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("start-backlog"));
    private volatile Counted counted = new Counted(0, Map.of(), null);
    private volatile Accepted acceptedSince = new Accepted();

    public StartBacklog(RunStartOutboxDao outbox, StartBacklogConfig config) {
        this.outbox = outbox;
        this.config = config;
        this.refreshInterval = config.refreshInterval().toJavaDuration();
    }

    @Override
    public void start() {
        // Counted before the first trigger is taken, so a restart does not forget the backlog.
        refreshQuietly();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshInterval.toMillis(), refreshInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
    }

    /** @throws StartBacklogFullException when the gateway's or the tenant's backlog is at its bound */
    void admit(String tenantId) {
        Counted now = counted;
        Accepted local = acceptedSince;
        Duration retryAfter = config.retryAfter().toJavaDuration();
        if (now.pending() + local.total.get() >= config.maxPending()) {
            throw StartBacklogFullException.global(config.maxPending(), retryAfter);
        }
        long tenantPending = now.perTenant().getOrDefault(tenantId, 0L) + local.of(tenantId).get();
        if (tenantPending >= config.maxPendingPerTenant()) {
            throw StartBacklogFullException.tenant(tenantId, config.maxPendingPerTenant(), retryAfter);
        }
    }

    /** Counts a run this replica committed, until the next refresh sees its row. */
    void accepted(String tenantId) {
        Accepted local = acceptedSince;
        local.total.incrementAndGet();
        local.of(tenantId).incrementAndGet();
    }

    public long pending() {
        return counted.pending() + acceptedSince.total.get();
    }

    /** How long the oldest pending start has waited, as of the last refresh; zero when none waits. */
    public Duration oldestAge() {
        Instant oldest = counted.oldest();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
    }

    void refresh() {
        // Swap first, then count: an accept lands in the new counter and perhaps also in the count,
        // so the backlog is at worst over-counted until the next refresh, never under-counted.
        acceptedSince = new Accepted();
        RunStartOutboxDao.Backlog backlog = outbox.backlog();
        counted = new Counted(backlog.pending(), outbox.pendingPerTenant(), backlog.oldest());
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Could not count the start backlog: {}", e.toString());
        }
    }

    private record Counted(long pending, Map<String, Long> perTenant, Instant oldest) {}

    private static final class Accepted {
        final AtomicLong total = new AtomicLong();
        final Map<String, AtomicLong> perTenant = new ConcurrentHashMap<>();

        AtomicLong of(String tenantId) {
            return perTenant.computeIfAbsent(tenantId, tenant -> new AtomicLong());
        }
    }
}
