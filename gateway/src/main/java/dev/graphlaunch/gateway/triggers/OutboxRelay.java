package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.runs.RunLedger;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed runs into started workflows. A new run is started right after its commit
 * ({@link #startSoon}); anything that did not go through (Temporal down, the gateway died between
 * commit and start) is found by the periodic sweep and retried with backoff. Each pending start is
 * locked while it is tried, and the workflow id makes a second start a no-op, so any number of
 * gateway replicas can relay together.
 */
public class OutboxRelay implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 20;

    private final Jdbi jdbi;
    private final ObjectMapper mapper;
    private final WorkflowStarter starter;
    private final Duration sweepInterval;
    private final Duration maxBackoff;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(Jdbi jdbi, ObjectMapper mapper, WorkflowStarter starter, Duration sweepInterval,
            Duration maxBackoff) {
        this.jdbi = jdbi;
        this.mapper = mapper;
        this.starter = starter;
        this.sweepInterval = sweepInterval;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Starts this run's workflow on the relay thread, so the trigger's answer never waits for Temporal. */
    public void startSoon(UUID runId) {
        try {
            executor.execute(() -> {
                try {
                    jdbi.useTransaction(handle -> handle.attach(RunStartOutboxDao.class).lock(runId)
                            .ifPresent(pending -> tryStart(handle, pending)));
                } catch (RuntimeException e) {
                    LOG.warn("Start of run {} left to the sweep: {}", runId, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Shutting down: the start stays in the outbox for the next sweep, here or on a replica.
        }
    }

    /** Tries every due start once; stops early when Temporal is failing, to come back next sweep. */
    public void sweep() {
        boolean more = true;
        while (more) {
            more = jdbi.inTransaction(handle -> {
                List<PendingStart> due = handle.attach(RunStartOutboxDao.class).lockDue(BATCH);
                for (PendingStart pending : due) {
                    if (!tryStart(handle, pending)) {
                        return false;
                    }
                }
                return due.size() == BATCH;
            });
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Outbox sweep failed, retrying in {}: {}", sweepInterval, e.toString());
        }
    }

    private boolean tryStart(Handle handle, PendingStart pending) {
        LogContext.forRun(pending.runId(), pending.workflowId(), pending.workflowInput().path("tenantId").asText(null));
        try {
            return tryStartLogged(handle, pending);
        } finally {
            LogContext.clear();
        }
    }

    private boolean tryStartLogged(Handle handle, PendingStart pending) {
        RunStartOutboxDao outbox = handle.attach(RunStartOutboxDao.class);
        try {
            starter.start(pending.workflowId(), mapper.treeToValue(pending.workflowInput(), GraphRunInput.class));
        } catch (JsonProcessingException | RuntimeException e) {
            Duration delay = backoff(pending.attempts());
            LOG.warn("Could not start workflow {} (try {}), next try in {}: {}",
                    pending.workflowId(), pending.attempts() + 1, delay, e.toString());
            outbox.postpone(pending.runId(), delay.toMillis() / 1000.0, abbreviate(e.toString()));
            return false;
        }
        outbox.delete(pending.runId());
        handle.attach(RunLedger.class).markQueued(pending.runId());
        return true;
    }

    private Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts, 16);
        return seconds >= maxBackoff.toSeconds() ? maxBackoff : Duration.ofSeconds(seconds);
    }

    private static String abbreviate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500);
    }
}
