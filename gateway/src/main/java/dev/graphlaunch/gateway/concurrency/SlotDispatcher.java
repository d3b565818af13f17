package dev.graphlaunch.gateway.concurrency;

import dev.graphlaunch.gateway.runs.RunSlotDao;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets waiting runs go when slots free. Every {@code dispatchInterval}, and at once when a run this
 * replica serves finishes ({@link #wake}), it signals each waiting run that would now get all its
 * slots. Freed slots are found, not reported: a slot counts only while its run has not ended, so a
 * run ended by its workflow, an operator's cancel or the reconciler (a terminated or vanished
 * workflow) frees its slot the same way, and the next tick lets the waiter go. A signal is a hint:
 * the workflow asks again and the ledger decides under the key's lock; a lost one only delays the
 * run until its recheck timer fires.
 */
public class SlotDispatcher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(SlotDispatcher.class);

    private final RunSlotDao slots;
    private final SlotSignals signals;
    private final ConcurrencyConfig config;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public SlotDispatcher(RunSlotDao slots, SlotSignals signals, ConcurrencyConfig config) {
        this.slots = slots;
        this.signals = signals;
        this.config = config;
    }

    @Override
    public void start() {
        if (!new ConcurrencyLimits(config).configured()) {
            return; // no run ever waits: nothing to look for
        }
        running = true;
        thread = new Thread(this::loop, "slot-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** A run ended: look for waiters now rather than at the next tick. Never blocks. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void loop() {
        long every = config.dispatchInterval().toMilliseconds();
        while (running) {
            try {
                wakeUp.tryAcquire(every, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database or Temporal is away: waiting runs keep waiting, their timers still fire.
                LOG.warn("Slot dispatch failed, trying again in {} ms: {}", every, e.toString());
            }
        }
    }

    /** One look: signals every waiting run a slot is free for. Package-private for tests. */
    int tick() {
        slots.deleteEnded();
        List<String> ready = slots.claimWakeable(config.resignalAfter().toMilliseconds());
        int signalled = 0;
        for (String workflowId : ready) {
            try {
                signals.slotFreed(workflowId);
                signalled++;
            } catch (WorkflowNotFoundException gone) {
                // Closed without reporting back: the reconciler ends its run, which frees its place.
                LOG.info("Waiting run's workflow {} is closed; the reconciler will end its run", workflowId);
            } catch (RuntimeException e) {
                LOG.warn("Could not signal {} that a slot freed (its recheck timer will): {}", workflowId, e.toString());
            }
        }
        return signalled;
    }
}
