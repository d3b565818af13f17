package dev.graphlaunch.gateway.reconcile;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import dev.graphlaunch.gateway.config.ReconcileConfig;
import dev.graphlaunch.gateway.db.SqlObjects;
import dev.graphlaunch.gateway.reconcile.WorkflowDirectory.ClosedWorkflow;
import dev.graphlaunch.gateway.runs.RunLedger;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop the workflow normally closes itself: a run whose workflow ended without
 * reporting back (terminated, timed out, failed, cancelled, or gone from Temporal altogether) is
 * ended in the ledger with a code that says why.
 *
 * <p>Each tick, on one replica at a time (a PostgreSQL advisory lock): nothing at all when no run
 * is open; else one visibility query for the workflows closed since the last look, matched
 * against open runs by workflow id; then a small batch of started runs, oldest first and walking
 * on from tick to tick, described one by one to catch workflows Temporal does not know (any more).
 * Every ending found is confirmed by a describe before it is written.
 */
public class RunReconciler implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RunReconciler.class);
    private static final int MAX_CLOSED_PER_TICK = 5000;
    private static final int MATCH_CHUNK = 1000;
    private static final UUID FIRST_ID = new UUID(0, 0);

    private final Jdbi jdbi;
    private final RunLedger ledger;
    private final WorkflowDirectory temporal;
    private final ReconcileConfig config;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private Instant lastLook;
    private OpenRun sweepCursor;

    /**
     * @param jdbi only for the advisory lock and the reconciler's own queries, which must share the
     *     one connection that holds the lock for the whole tick
     * @param ledger ends runs, each in its own transaction
     */
    public RunReconciler(Jdbi jdbi, RunLedger ledger, WorkflowDirectory temporal, ReconcileConfig config,
            Clock clock) {
        this.jdbi = jdbi;
        // Attached to a handle each tick: its metadata must be on the root already (SqlObjects says why).
        SqlObjects.warm(jdbi, ReconcileDao.class);
        this.ledger = ledger;
        this.temporal = temporal;
        this.config = config;
        this.clock = clock;
        this.lastLook = clock.instant().minus(config.lookback().toJavaDuration());
        this.sweepCursor = startOfSweep();
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            LOG.warn("reconcile.enabled is false: runs whose workflow ends without reporting back stay open");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("run-reconciler"));
        long every = config.interval().toMilliseconds();
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One pass; public for tests and for an operator's manual trigger later. */
    public void tick() {
        try {
            jdbi.useHandle(handle -> {
                ReconcileDao dao = handle.attach(ReconcileDao.class);
                if (!dao.tryLock()) {
                    return; // another replica is at it
                }
                try {
                    reconcile(dao);
                } finally {
                    dao.unlock();
                }
            });
        } catch (RuntimeException e) {
            // Temporal or the database briefly away: the next tick tries again, nothing is lost.
            LOG.warn("Reconciliation tick failed, retrying in {}: {}", config.interval(), e.toString());
        }
    }

    private void reconcile(ReconcileDao dao) {
        Instant now = clock.instant();
        if (!dao.anyOpen()) {
            lastLook = now;
            return;
        }
        endClosed(dao, now);
        sweep(dao, now);
    }

    private void endClosed(ReconcileDao dao, Instant now) {
        Instant floor = now.minus(config.lookback().toJavaDuration());
        Instant since = later(lastLook.minus(config.overlap().toJavaDuration()), floor);
        List<ClosedWorkflow> closed = temporal.closedSince(since, MAX_CLOSED_PER_TICK);
        if (closed.size() >= MAX_CLOSED_PER_TICK) {
            LOG.warn("More than {} workflows closed since {}; the sweep catches the rest", MAX_CLOSED_PER_TICK, since);
        }
        for (int from = 0; from < closed.size(); from += MATCH_CHUNK) {
            String[] ids = closed.subList(from, Math.min(closed.size(), from + MATCH_CHUNK)).stream()
                    .map(ClosedWorkflow::workflowId).distinct().toArray(String[]::new);
            dao.openAmong(ids).forEach(this::check);
        }
        lastLook = now;
    }

    private void sweep(ReconcileDao dao, Instant now) {
        Instant olderThan = now.minus(config.grace().toJavaDuration());
        List<OpenRun> page = dao.startedAfter(olderThan, sweepCursor.createdAt(), sweepCursor.id(), config.sweepBatch());
        page.forEach(this::check);
        sweepCursor = page.size() < config.sweepBatch() ? startOfSweep() : page.get(page.size() - 1);
    }

    /** Asks Temporal about this one run's workflow now: the list may be stale, the run may have moved on. */
    private void check(OpenRun run) {
        Optional<WorkflowEnding> ending = temporal.describe(run.workflowId());
        if (ending.isEmpty()) {
            return;
        }
        WorkflowEnding why = ending.get();
        if (ledger.finish(run.id(), why.finish(run.workflowId()))) {
            LOG.warn("Reconciled run {} (workflow {}, was {}): ended {} with {}", run.id(), run.workflowId(),
                    run.status().wire(), why.status().wire(), why.errorCode().wire());
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static OpenRun startOfSweep() {
        return new OpenRun(FIRST_ID, null, null, Instant.EPOCH);
    }
}
