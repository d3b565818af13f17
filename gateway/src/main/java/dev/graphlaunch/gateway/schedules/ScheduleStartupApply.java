package dev.graphlaunch.gateway.schedules;

import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schedules file at start-up. An invalid file stops the start (fail closed, and
 * loudly); an unreachable Temporal does not, because the gateway must take API triggers while
 * Temporal is down: apply is then retried in the background until it succeeds once.
 */
public class ScheduleStartupApply implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleStartupApply.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ScheduleLoader loader;
    private final ScheduleApplier applier;
    private final Path file;
    private Thread thread;

    public ScheduleStartupApply(ScheduleLoader loader, ScheduleApplier applier, Path file) {
        this.loader = loader;
        this.applier = applier;
        this.file = file;
    }

    @Override
    public void start() {
        loader.load(file);
        thread = new Thread(this::applyUntilDone, "schedules-apply-on-start");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    private void applyUntilDone() {
        Duration wait = FIRST_RETRY;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SchedulePlan plan = applier.apply(file, LOG::info);
                LOG.info("Schedules from {} applied. {}", file, plan.summary());
                return;
            } catch (InvalidSchedulesException e) {
                LOG.error("Schedules from {} not applied:\n{}", file, e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warn("Applying schedules from {} failed, retrying in {}: {}", file, wait, e.getMessage());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }
}
