package dev.graphlaunch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void defaultsApplyWhenOnlyTheTokenIsSet() {
        WorkerConfig config = WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret"));

        assertThat(config).isEqualTo(new WorkerConfig("127.0.0.1:7233", "default", URI.create("http://127.0.0.1:8082"),
                "s3cret", Duration.ofMinutes(10)));
    }

    @Test
    void missingTokenFailsNamingTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GRAPHLAUNCH_SERVICE_TOKEN");
    }

    @Test
    void badRunTimeoutFailsNamingTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(
                        Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret", WorkerConfig.RUN_TIMEOUT, "10 minutes")))
                .hasMessageContaining("GRAPHLAUNCH_RUN_TIMEOUT");
    }

    @Test
    void toStringNeverShowsTheToken() {
        WorkerConfig config = WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret"));

        assertThat(config.toString()).doesNotContain("s3cret").contains("127.0.0.1:7233");
    }
}
