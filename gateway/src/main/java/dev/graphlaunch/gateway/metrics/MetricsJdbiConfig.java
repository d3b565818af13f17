package dev.graphlaunch.gateway.metrics;

import org.jdbi.v3.core.config.JdbiConfig;

/**
 * Hands {@link GatewayMetrics} to SqlObject default methods (the run ledger), which Jdbi builds
 * and so cannot take constructor arguments. A Jdbi nobody configured records nothing.
 */
public final class MetricsJdbiConfig implements JdbiConfig<MetricsJdbiConfig> {
    private GatewayMetrics metrics;

    public MetricsJdbiConfig() {
        this.metrics = GatewayMetrics.none();
    }

    private MetricsJdbiConfig(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public MetricsJdbiConfig setMetrics(GatewayMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    @Override
    public MetricsJdbiConfig createCopy() {
        return new MetricsJdbiConfig(metrics);
    }
}
