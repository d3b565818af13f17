package dev.graphlaunch.gateway.concurrency;

import io.dropwizard.util.Duration;
import java.util.Map;

/**
 * {@code concurrency}: how many runs of one key may execute at once; the rest wait {@code queued}
 * and are never dropped (docs/architecture.md, "Concurrency limits"). An unset limit is no limit,
 * so a gateway upgraded without this section behaves as before; the example configuration sets
 * the values ops usually want.
 *
 * @param apiPerTenant runs of one tenant started through the API ({@code user_immediate}), key {@code tenant:{tenantId}}
 * @param webhookPerRepository CI-failure runs of one repository ({@code system_webhook}), key {@code repo:{owner/name}}
 * @param scheduledPerSchedule runs of one schedule ({@code system_scheduled}), key {@code schedule:{scheduleId}}
 * @param graphs per graph id: runs of that graph across every tenant and kind, key {@code graph:{graphId}};
 *     a run needs this slot as well as its kind's
 * @param recheckInterval the longest a waiting run sleeps before asking again, should a signal be lost
 * @param dispatchInterval how often each replica looks for waiting runs that a freed slot lets go
 *     (and at once after a run it serves finishes)
 * @param resignalAfter a waiting run already signalled is signalled again only after this long
 */
public record ConcurrencyConfig(Integer apiPerTenant, Integer webhookPerRepository, Integer scheduledPerSchedule,
        Map<String, Integer> graphs, Duration recheckInterval, Duration dispatchInterval, Duration resignalAfter) {

    public ConcurrencyConfig {
        requirePositive("apiPerTenant", apiPerTenant);
        requirePositive("webhookPerRepository", webhookPerRepository);
        requirePositive("scheduledPerSchedule", scheduledPerSchedule);
        graphs = graphs == null ? Map.of() : Map.copyOf(graphs);
        graphs.forEach((graph, limit) -> requirePositive("graphs." + graph, limit));
        recheckInterval = recheckInterval == null ? Duration.minutes(5) : recheckInterval;
        dispatchInterval = dispatchInterval == null ? Duration.seconds(1) : dispatchInterval;
        resignalAfter = resignalAfter == null ? Duration.seconds(30) : resignalAfter;
        if (recheckInterval.toSeconds() < 1 || dispatchInterval.toMilliseconds() < 10) {
            throw new IllegalArgumentException(
                    "concurrency.recheckInterval must be at least 1s and dispatchInterval at least 10ms");
        }
    }

    public static ConcurrencyConfig unlimited() {
        return new ConcurrencyConfig(null, null, null, null, null, null, null);
    }

    private static void requirePositive(String field, Integer limit) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("concurrency." + field + " must be at least 1 (leave it out for no limit)"
                    + ", got " + limit);
        }
    }
}
