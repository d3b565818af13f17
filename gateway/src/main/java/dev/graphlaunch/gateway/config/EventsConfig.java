package dev.graphlaunch.gateway.config;

import io.dropwizard.util.Duration;

/**
 * {@code events}: how SSE streams follow runs.
 *
 * @param pollInterval how often the one shared poller looks for new events of followed runs
 * @param heartbeatInterval a comment line after this much silence; must stay below the connector's
 *     {@code idleTimeout} and any proxy's, or quiet streams are cut
 * @param maxStreamsPerTenant open SSE streams one tenant may hold; one more is refused with 429
 * @param stallTimeout a stream whose client has not taken a write for this long is dropped (it can
 *     reconnect with {@code Last-Event-ID}); its slot is freed at once
 */
public record EventsConfig(Duration pollInterval, Duration heartbeatInterval, Integer maxStreamsPerTenant,
        Duration stallTimeout) {
    public EventsConfig {
        pollInterval = pollInterval == null ? Duration.milliseconds(250) : pollInterval;
        heartbeatInterval = heartbeatInterval == null ? Duration.seconds(15) : heartbeatInterval;
        maxStreamsPerTenant = maxStreamsPerTenant == null ? 100 : maxStreamsPerTenant;
        stallTimeout = stallTimeout == null ? Duration.seconds(10) : stallTimeout;
    }

    public static EventsConfig defaults() {
        return new EventsConfig(null, null, null, null);
    }
}
