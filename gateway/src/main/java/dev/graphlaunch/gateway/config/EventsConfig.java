package dev.graphlaunch.gateway.config;

import io.dropwizard.util.Duration;

/**
 * {@code events}: how SSE streams follow runs.
 *
 * @param pollInterval how often the one shared poller looks for new events of followed runs
 * @param heartbeatInterval a comment line after this much silence; must stay below the connector's
 *     {@code idleTimeout} and any proxy's, or quiet streams are cut
 */
public record EventsConfig(Duration pollInterval, Duration heartbeatInterval) {
    public EventsConfig {
        pollInterval = pollInterval == null ? Duration.milliseconds(250) : pollInterval;
        heartbeatInterval = heartbeatInterval == null ? Duration.seconds(15) : heartbeatInterval;
    }

    public static EventsConfig defaults() {
        return new EventsConfig(null, null);
    }
}
