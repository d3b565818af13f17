package dev.graphlaunch.worker.metrics;

import java.util.Map;

/**
 * Where the worker serves {@code /metrics}: loopback by default, so only a local scraper (or a
 * sidecar) reads it unless the operator opens it on purpose; port 0 turns the endpoint off.
 */
public record MetricsConfig(String bindHost, int port) {
    public static final String PORT = "GRAPHLAUNCH_WORKER_METRICS_PORT";
    public static final String BIND_HOST = "GRAPHLAUNCH_WORKER_METRICS_HOST";
    public static final int DEFAULT_PORT = 9464;

    public MetricsConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be a port number (0 = off), got " + port);
        }
    }

    public boolean enabled() {
        return port != 0;
    }

    public static MetricsConfig fromEnvironment(Map<String, String> env) {
        String port = env.getOrDefault(PORT, Integer.toString(DEFAULT_PORT));
        try {
            return new MetricsConfig(env.getOrDefault(BIND_HOST, "127.0.0.1"), Integer.parseInt(port.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + " must be a port number (0 = off), got '" + port + "'");
        }
    }
}
