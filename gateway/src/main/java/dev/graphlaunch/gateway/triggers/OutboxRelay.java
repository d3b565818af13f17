package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.gateway.logging.LogContext;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed runs into started workflows, several at a time. One loop thread does all the
 * database work in short statements: it claims due starts in batches (a lease, so no transaction
 * is open while Temporal is called), hands them to a pool of {@link RelaySettings#concurrency}
 * starters, and settles their outcomes in batches. A trigger's commit wakes the loop
 * ({@link #startSoon}), so a burst of accepts becomes a few batched claims.
 *
 * <p>Guarantees: the workflow id makes a second start of a run a no-op, so a lost confirmation or
 * a claim that expired only costs a repeated call; claims skip each other's locked rows, so any
 * number of replicas relay together; while Temporal is not serving, the relay pauses with backoff
 * instead of spinning and no run is given up for it; a start that cannot succeed, or keeps failing
 * for other reasons, is given up and its run ends {@code failed}/{@code start_failed} without
 * holding up any other start.
 */
public class OutboxRelay implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Object WAKE = new Object();
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final RunStartOutboxDao outbox;
    private final StartSettlements settlements;
    private final ObjectMapper mapper;
    private final WorkflowStarter starter;
    private final RelaySettings settings;
    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile Instant stopBy = Instant.MAX;
    private Thread loop;
    private ExecutorService starters;

    // Touched by the loop thread only.
    private int inFlight;
    private Duration pause = Duration.ZERO;
    private Instant pausedUntil = Instant.MIN;

    public OutboxRelay(RunStartOutboxDao outbox, StartSettlements settlements, ObjectMapper mapper,
            WorkflowStarter starter, RelaySettings settings) {
        this.outbox = outbox;
        this.settlements = settlements;
        this.mapper = mapper;
        this.starter = starter;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        starters = Executors.newFixedThreadPool(settings.concurrency(), DaemonThreads.numbered("outbox-start"));
        running = true;
        loop = new Thread(this::relay, "outbox-relay");
        loop.setDaemon(true);
        loop.start();
    }

    /** Lets the starts in flight finish and settle, so a clean restart leaves no claimed row behind. */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (loop == null) {
            return;
        }
        stopBy = Instant.now().plus(STOP_GRACE);
        running = false;
        signals.add(WAKE);
        loop.join(STOP_GRACE.plusSeconds(5).toMillis());
        starters.shutdownNow();
        loop = null;
    }

    /** A run was committed: look for due starts now rather than at the next sweep. */
    public void startSoon(UUID runId) {
        signals.offer(WAKE);
    }

    private void relay() {
        boolean more = true;
        while (running || (inFlight > 0 && Instant.now().isBefore(stopBy))) {
            try {
                settle(awaitSignals(more));
                more = running && claimAndDispatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // PostgreSQL out of reach: claimed rows come back when their lease runs out.
                LOG.warn("Outbox relay could not reach the database, retrying in {}: {}",
                        settings.sweepInterval(), e.toString());
                more = false;
                sleepQuietly(settings.sweepInterval());
            }
        }
    }

    /** Waits for a wake-up, finished starts or the next sweep, whichever comes first. */
    private List<StartOutcome> awaitSignals(boolean more) throws InterruptedException {
        Instant now = Instant.now();
        long waitMillis;
        if (!running) {
            waitMillis = 100;
        } else if (pausedUntil.isAfter(now)) {
            waitMillis = Math.max(1, Duration.between(now, pausedUntil).toMillis());
        } else if (more && hasRoom()) {
            waitMillis = 0;
        } else {
            waitMillis = settings.sweepInterval().toMillis();
        }
        List<Object> received = new ArrayList<>();
        Object first = waitMillis == 0 ? signals.poll() : signals.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first != null) {
            received.add(first);
            signals.drainTo(received);
        }
        List<StartOutcome> outcomes = new ArrayList<>();
        for (Object signal : received) {
            if (signal instanceof StartOutcome outcome) {
                outcomes.add(outcome);
            }
        }
        return outcomes;
    }

    /**
     * Claims only when a fair share of the slots is free (or none is busy), so that under load one
     * claim fetches many rows instead of one query per finished start.
     */
    private boolean hasRoom() {
        int free = settings.concurrency() - inFlight;
        return inFlight == 0 || free >= Math.max(1, settings.concurrency() / 4);
    }

    /** @return true when the claim was full, so more starts may be due right now */
    private boolean claimAndDispatch() {
        if (pausedUntil.isAfter(Instant.now()) || !hasRoom()) {
            return false;
        }
        int wanted = settings.concurrency() - inFlight;
        List<PendingStart> claimed = outbox.claimDue(wanted, settings.lease().toMillis() / 1000.0);
        for (PendingStart pending : claimed) {
            inFlight++;
            starters.execute(() -> signals.add(tryStart(pending)));
        }
        return claimed.size() == wanted;
    }

    /** On a starter thread: the run's ids are in the MDC for this attempt only, so the SDK's logs carry them. */
    private StartOutcome tryStart(PendingStart pending) {
        logContextOf(pending);
        try {
            starter.start(pending.workflowId(), mapper.treeToValue(pending.workflowInput(), GraphRunInput.class));
            return StartOutcome.started(pending);
        } catch (Exception e) {
            return StartFailure.meansStarted(e) ? StartOutcome.started(pending) : StartOutcome.failed(pending, e);
        } finally {
            LogContext.clear();
        }
    }

    private static void logContextOf(PendingStart pending) {
        LogContext.forRun(pending.runId(), pending.workflowId(), pending.workflowInput().path("tenantId").asText(null));
    }

    private void settle(List<StartOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        inFlight -= outcomes.size();
        Instant now = Instant.now();
        List<UUID> started = new ArrayList<>();
        List<StartSettlements.Postponed> postponed = new ArrayList<>();
        List<StartOutcome> givenUp = new ArrayList<>();
        for (StartOutcome outcome : outcomes) {
            if (outcome.isStarted()) {
                started.add(outcome.start().runId());
            } else if (outcome.failure() == StartFailure.NOT_SERVING) {
                postponed.add(postponed(outcome, pauseForOutage(now, outcome)));
            } else if (outcome.failure() == StartFailure.HOPELESS || exhausted(outcome.start(), now)) {
                givenUp.add(outcome);
            } else {
                postponed.add(postponed(outcome, backoff(outcome.start().attempts())));
                LOG.warn("Could not start workflow {} (try {}), trying again: {}", outcome.start().workflowId(),
                        outcome.start().attempts() + 1, outcome.reason());
            }
        }
        if (!started.isEmpty()) {
            pause = Duration.ZERO;
            pausedUntil = Instant.MIN;
            settlements.confirm(started);
        }
        if (!postponed.isEmpty()) {
            settlements.postpone(postponed);
        }
        givenUp.forEach(this::giveUp);
    }

    private static StartSettlements.Postponed postponed(StartOutcome outcome, Duration delay) {
        return new StartSettlements.Postponed(outcome.start().runId(), delay, outcome.reason());
    }

    /** One pause per round of failures: the first failure of a round sets it, the rest wait with it. */
    private Duration pauseForOutage(Instant now, StartOutcome outcome) {
        if (!pausedUntil.isAfter(now)) {
            pause = pause.isZero() ? Duration.ofSeconds(1) : min(pause.multipliedBy(2), settings.maxBackoff());
            pausedUntil = now.plus(pause);
            LOG.warn("Temporal is not taking workflow starts, relay pauses {}: {}", pause, outcome.reason());
        }
        return Duration.between(now, pausedUntil);
    }

    /**
     * Tries and age count only on failures that are not an outage: a run is never given up because
     * Temporal was down, only once Temporal answers and this start still fails.
     */
    private boolean exhausted(PendingStart pending, Instant now) {
        return pending.attempts() + 1 >= settings.maxTries()
                || Duration.between(pending.createdAt(), now).compareTo(settings.maxAge()) > 0;
    }

    private void giveUp(StartOutcome outcome) {
        PendingStart pending = outcome.start();
        String reason = "Workflow start given up after " + (pending.attempts() + 1) + " tries: " + outcome.reason();
        logContextOf(pending);
        try {
            boolean ended = settlements.giveUp(pending.runId(), reason);
            LOG.error("Gave up starting run {} (workflow {}){}: {}", pending.runId(), pending.workflowId(),
                    ended ? ", run failed with " + ErrorCode.START_FAILED.wire() : ", run had moved on already", reason);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the given-up start of run {}; it comes back after its lease: {}",
                    pending.runId(), e.toString());
        } finally {
            LogContext.clear();
        }
    }

    private Duration backoff(int attempts) {
        return min(Duration.ofSeconds(1L << Math.min(attempts, 16)), settings.maxBackoff());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
