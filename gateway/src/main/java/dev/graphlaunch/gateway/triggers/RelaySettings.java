package dev.graphlaunch.gateway.triggers;

import java.time.Duration;

/**
 * How the outbox relay paces itself (docs/operations.md lists the configuration keys).
 *
 * @param concurrency starts in flight at once, per replica
 * @param sweepInterval how often an idle relay looks for due starts nobody woke it for
 * @param maxBackoff the longest pause between two tries, of one start or of a relay facing an outage
 * @param lease how long a claimed start is this relay's: longer than one start can take
 *     ({@code temporal.rpcTimeout}), since another replica tries it again afterwards
 * @param maxTries a start failing for other reasons than an outage is given up at this many tries
 * @param maxAge ... or once it is this old
 */
public record RelaySettings(int concurrency, Duration sweepInterval, Duration maxBackoff, Duration lease,
        int maxTries, Duration maxAge) {
    public RelaySettings {
        if (concurrency < 1 || maxTries < 1) {
            throw new IllegalArgumentException("relayConcurrency and startMaxTries must be at least 1");
        }
    }
}
