package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One repository's catch-up as {@code github_catch_up_scans} holds it: what ops read to know
 * whether catch-up works (admin API, health check, metrics).
 *
 * @param leasedBy the replica scanning it now, if any
 * @param lastStartedAt when the last scan began, whatever became of it
 * @param lastSuccessAt when the last scan that listed everything began: every failure GitHub listed
 *     by then has its run
 * @param lastError the last failed scan's reason, kept after later successes (see lastErrorAt)
 * @param consecutiveFailures failed scans since the last success
 * @param lastListed failing runs the last successful scan listed
 * @param lastStartedRuns runs that scan started
 * @param createdAt when the gateway first looked after this repository
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CatchUpStatus(
        String repository,
        String leasedBy,
        Instant leasedUntil,
        Instant lastStartedAt,
        Instant lastSuccessAt,
        String lastError,
        Instant lastErrorAt,
        int consecutiveFailures,
        Integer lastListed,
        Integer lastStartedRuns,
        Instant createdAt) {}
