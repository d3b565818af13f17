package dev.graphlaunch.gateway.triggers.webhook.catchup;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import io.dropwizard.lifecycle.Managed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans every catch-up repository once per interval, across all replicas: each tick (every minute
 * at most) tries to lease each repository that is due; the one replica that gets the lease scans
 * it and records the outcome in the row, which health, metrics and the admin API read. A
 * repository's failure never holds up another's.
 */
public class CatchUpPoller implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpPoller.class);
    private static final Duration FIRST_TICK = Duration.ofSeconds(2);
    private static final Duration MAX_TICK = Duration.ofMinutes(1);
    private static final int MAX_ERROR = 1000;

    private final CatchUpConfig config;
    private final List<String> repositories;
    private final CatchUpScanner scanner;
    private final CatchUpDao dao;
    private final GatewayMetrics metrics;
    private final String owner;
    private final Map<String, CatchUpStatus> lastSeen = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /** @param repositories exact {@code owner/name}s, compared and stored lower-case */
    public CatchUpPoller(CatchUpConfig config, List<String> repositories, CatchUpScanner scanner, CatchUpDao dao,
            GatewayMetrics metrics) {
        this.config = config;
        this.repositories = repositories.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
        this.scanner = scanner;
        this.dao = dao;
        this.metrics = metrics;
        this.owner = replicaName();
    }

    public List<String> repositories() {
        return repositories;
    }

    @Override
    public void start() {
        if (repositories.isEmpty()) {
            LOG.warn("githubWebhook.catchUp is on but has no repository to list: name them in catchUp.repositories"
                    + " (owner/* entries of githubWebhook.repositories cannot be listed)");
            return;
        }
        repositories.forEach(repository -> metrics.catchUpGauges(repository,
                () -> seen(repository).lastSuccessAt() == null ? 0 : seen(repository).lastSuccessAt().getEpochSecond(),
                () -> seen(repository).consecutiveFailures()));
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("github-catch-up"));
        long every = Math.min(config.interval().toMilliseconds(), MAX_TICK.toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, FIRST_TICK.toMillis(), every, TimeUnit.MILLISECONDS);
        LOG.info("GitHub catch-up lists {} every {} (lookback {}) from {}", repositories, config.interval(),
                config.lookback(), config.apiUrl());
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Scans the due repositories this replica can lease. */
    void tick() {
        try {
            dao.ensure(repositories.toArray(String[]::new));
            for (String repository : repositories) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                scanIfLeased(repository, false);
            }
            refreshStatus();
        } catch (RuntimeException e) {
            // The database briefly away: the next tick tries again, and GitHub keeps the runs.
            LOG.warn("GitHub catch-up tick failed, retrying in a minute at most: {}", e.toString());
        }
    }

    /**
     * Scans now, ignoring the interval but never a lease another scan holds (the admin API's
     * "scan now"). Answers when every scan has ended.
     */
    public List<ScanReport> scanNow(List<String> which) {
        dao.ensure(repositories.toArray(String[]::new));
        List<ScanReport> reports = which.stream().map(repository -> scanIfLeased(repository, true)).toList();
        refreshStatus();
        return reports;
    }

    /** Every repository catch-up lists, in name order; one not looked at yet has only its name. */
    public List<CatchUpStatus> status() {
        Map<String, CatchUpStatus> rows = new java.util.HashMap<>();
        dao.statusOf(repositories.toArray(String[]::new)).forEach(row -> rows.put(row.repository(), row));
        return repositories.stream().map(repository -> rows.getOrDefault(repository, notYetSeen(repository))).toList();
    }

    private static CatchUpStatus notYetSeen(String repository) {
        return new CatchUpStatus(repository, null, null, null, null, null, null, 0, null, null, null);
    }

    private ScanReport scanIfLeased(String repository, boolean force) {
        long lease = config.lease().toSeconds();
        if (!dao.claim(repository, owner, lease, config.interval().toSeconds(), force)) {
            return ScanReport.skipped(repository, force ? "another scan of it is under way" : "not due");
        }
        ScanReport report;
        try {
            report = scanner.scan(repository);
        } catch (RuntimeException e) {
            // GitHubApiException, or the ledger unavailable: recorded, and the next scan tries again.
            report = ScanReport.failed(repository, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            report = ScanReport.failed(repository, "the gateway stopped during the scan");
        }
        record(report);
        return report;
    }

    private void record(ScanReport report) {
        String repository = report.repository();
        metrics.catchUpScan(repository, report.outcome().wire());
        if (report.outcome() == ScanReport.Outcome.SCANNED) {
            metrics.catchUpStarted(repository, report.started());
            if (!dao.succeeded(repository, owner, report.listed(), report.started())) {
                LOG.warn("Catch-up scan of {} outlived its lease ({}); raise catchUp.lease", repository, config.lease());
            }
            return;
        }
        LOG.warn("Catch-up scan of {} failed: {}", repository, report.reason());
        String error = report.reason().length() > MAX_ERROR ? report.reason().substring(0, MAX_ERROR) : report.reason();
        dao.failed(repository, owner, error);
    }

    private void refreshStatus() {
        status().forEach(status -> lastSeen.put(status.repository(), status));
    }

    private CatchUpStatus seen(String repository) {
        return lastSeen.getOrDefault(repository, notYetSeen(repository));
    }

    /** Who holds a lease, as ops read it: host name and a per-process suffix. */
    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
