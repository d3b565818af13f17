package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes kept delivery bodies older than {@code githubWebhook.keepBodiesFor}, on every replica
 * (deleting the same rows twice is harmless). With a retention of zero it deletes every body,
 * including those kept under an earlier, longer retention. Replays check the age themselves, so
 * a body past its retention is never replayed even before this job reaches it.
 */
public class DeliveryBodyPurge implements Managed {
    static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBodyPurge.class);

    private final WebhookReplayDao replays;
    private final Duration keep;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public DeliveryBodyPurge(WebhookReplayDao replays, GitHubWebhookConfig config, Clock clock) {
        this.replays = replays;
        this.keep = config.keepBodiesFor().toJavaDuration();
        this.clock = clock;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("webhook-body-purge"));
        timer.scheduleWithFixedDelay(this::purgeQuietly, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** @return how many bodies were deleted; in batches, so one pass never holds a long lock */
    public int purge() {
        Instant cutoff = Instant.now(clock).minus(keep);
        int total = 0;
        int deleted;
        do {
            deleted = replays.purgeBefore(cutoff.atOffset(ZoneOffset.UTC), BATCH);
            total += deleted;
        } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }

    private void purgeQuietly() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                LOG.info("Deleted {} webhook delivery bodies older than {}", deleted, keep);
            }
        } catch (RuntimeException e) {
            // The next pass tries again; a database outage must not end the timer.
            LOG.warn("Could not purge webhook delivery bodies: {}", e.toString());
        }
    }
}
