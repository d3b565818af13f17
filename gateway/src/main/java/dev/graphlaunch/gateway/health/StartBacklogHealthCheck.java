package dev.graphlaunch.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao.Backlog;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code start-backlog}: unhealthy while an accepted run has waited longer than the threshold for
 * its workflow to start (Temporal down or refusing, relay stuck). Always says how many wait and
 * for how long, e.g. "12 pending starts, oldest 4m10s".
 */
public class StartBacklogHealthCheck extends HealthCheck {
    private final RunStartOutboxDao outbox;
    private final Duration unhealthyAfter;
    private final Clock clock;

    public StartBacklogHealthCheck(RunStartOutboxDao outbox, Duration unhealthyAfter, Clock clock) {
        this.outbox = outbox;
        this.unhealthyAfter = unhealthyAfter;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Backlog backlog = outbox.backlog();
        if (backlog.pending() == 0) {
            return Result.healthy("0 pending starts");
        }
        Duration age = Duration.between(backlog.oldest(), clock.instant());
        String message = backlog.pending() + (backlog.pending() == 1 ? " pending start" : " pending starts")
                + ", oldest " + format(age);
        return age.compareTo(unhealthyAfter) > 0
                ? Result.unhealthy(message + " (more than " + format(unhealthyAfter) + ")")
                : Result.healthy(message);
    }

    /** 4m10s, 1h2m3s, 12s: what an operator reads at a glance. */
    static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        return text.append(seconds % 60).append('s').toString();
    }
}
