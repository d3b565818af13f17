package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code github-catch-up}: unhealthy while a repository has had no successful scan for three
 * intervals (a bad token, no access, GitHub down for us), counted from the first look at it.
 * Always names each repository's last success, e.g. "octo-org/octo-repo: last success 2m10s ago".
 */
public class CatchUpHealthCheck extends HealthCheck {
    private final CatchUpPoller poller;
    private final Duration staleAfter;
    private final Clock clock;

    public CatchUpHealthCheck(CatchUpPoller poller, Duration interval, Clock clock) {
        this.poller = poller;
        this.staleAfter = interval.multipliedBy(3);
        this.clock = clock;
    }

    @Override
    protected Result check() {
        if (poller.repositories().isEmpty()) {
            return Result.healthy("no repository to list");
        }
        Instant now = clock.instant();
        List<String> lines = new ArrayList<>();
        boolean stale = false;
        List<CatchUpStatus> rows = poller.status();
        for (String repository : poller.repositories()) {
            CatchUpStatus row = rows.stream().filter(r -> r.repository().equals(repository)).findFirst().orElse(null);
            if (row == null || row.createdAt() == null) {
                lines.add(repository + ": not scanned yet");
                continue;
            }
            Instant since = row.lastSuccessAt() != null ? row.lastSuccessAt() : row.createdAt();
            boolean repositoryStale = Duration.between(since, now).compareTo(staleAfter) > 0;
            stale |= repositoryStale;
            String line = repository + ": " + (row.lastSuccessAt() == null ? "no successful scan yet"
                    : "last success " + ago(row.lastSuccessAt(), now));
            if (row.consecutiveFailures() > 0) {
                line += ", " + row.consecutiveFailures() + " failed since, last: " + row.lastError();
            }
            lines.add(line);
        }
        String message = String.join("; ", lines);
        return stale ? Result.unhealthy(message + " (no success for more than " + format(staleAfter) + ")")
                : Result.healthy(message);
    }

    private static String ago(Instant then, Instant now) {
        return format(Duration.between(then, now)) + " ago";
    }

    /** 4m10s, 1h2m3s, 12s, as the start-backlog check writes them. */
    private static String format(Duration duration) {
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
