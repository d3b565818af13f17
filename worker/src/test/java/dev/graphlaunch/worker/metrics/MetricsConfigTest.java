package dev.graphlaunch.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void defaultsToLoopbackOn9464() {
        MetricsConfig config = MetricsConfig.fromEnvironment(Map.of());

        assertThat(config).isEqualTo(new MetricsConfig("127.0.0.1", 9464));
        assertThat(config.enabled()).isTrue();
    }

    @Test
    void portZeroTurnsTheEndpointOff() {
        assertThat(MetricsConfig.fromEnvironment(Map.of(MetricsConfig.PORT, "0")).enabled()).isFalse();
    }

    @Test
    void aPortThatIsNotANumberNamesTheVariable() {
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.PORT, "metrics")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MetricsConfig.PORT).hasMessageContaining("'metrics'");
        assertThatThrownBy(() -> MetricsConfig.fromEnvironment(Map.of(MetricsConfig.PORT, "70000")))
                .hasMessageContaining(MetricsConfig.PORT);
    }
}
