package dev.graphlaunch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalTls;
import java.net.URI;
import java.nio.file.Path;
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

    @Test
    void temporalCloudSettingsComeFromTemporalsOwnEnvironmentVariables() {
        WorkerConfig config = WorkerConfig.fromEnvironment(Map.of(
                WorkerConfig.SERVICE_TOKEN, "s3cret",
                WorkerConfig.TEMPORAL_ADDRESS, "ns.acct.tmprl.cloud:7233",
                WorkerConfig.TEMPORAL_NAMESPACE, "ns.acct",
                WorkerConfig.TEMPORAL_TLS_CA, "/etc/temporal/ca.pem",
                WorkerConfig.TEMPORAL_TLS_CERT, "/etc/temporal/client.pem",
                WorkerConfig.TEMPORAL_TLS_KEY, "/etc/temporal/client.key",
                WorkerConfig.TEMPORAL_TLS_SERVER_NAME, "ns.acct.tmprl.cloud"));

        assertThat(config.temporal()).isEqualTo(new TemporalConnection("ns.acct.tmprl.cloud:7233", "ns.acct",
                new TemporalTls(null, Path.of("/etc/temporal/ca.pem"), Path.of("/etc/temporal/client.pem"),
                        Path.of("/etc/temporal/client.key"), "ns.acct.tmprl.cloud"), null));
        assertThat(config.temporal().usesTls()).isTrue();
    }

    @Test
    void apiKeyTurnsTlsOnAndNeverShowsInToString() {
        WorkerConfig config = WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                WorkerConfig.TEMPORAL_API_KEY, "tmprl-key-0123"));

        assertThat(config.temporal().apiKey()).isEqualTo("tmprl-key-0123");
        assertThat(config.temporal().usesTls()).isTrue();
        assertThat(config.toString()).doesNotContain("tmprl-key-0123").doesNotContain("s3cret");
    }

    @Test
    void certificateWithoutKeyAndBadTlsFlagFailNamingTheVariables() {
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                        WorkerConfig.TEMPORAL_TLS_CERT, "/etc/temporal/client.pem")))
                .hasMessageContaining("TEMPORAL_TLS_CLIENT_KEY_PATH");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                        WorkerConfig.TEMPORAL_TLS, "yes please")))
                .hasMessageContaining("TEMPORAL_TLS");
    }

    @Test
    void concurrentAttemptsDefaultToTheSdksActivityLimitAndCanBeBounded() {
        assertThat(WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret")).maxConcurrentAttempts())
                .isEqualTo(200);
        assertThat(WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                WorkerConfig.MAX_CONCURRENT_ATTEMPTS, " 1 ")).maxConcurrentAttempts()).isEqualTo(1);
    }

    @Test
    void concurrentAttemptsBelowOneOrNotANumberFailNamingTheVariable() {
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                        WorkerConfig.MAX_CONCURRENT_ATTEMPTS, "0")))
                .hasMessageContaining("GRAPHLAUNCH_WORKER_MAX_CONCURRENT_ATTEMPTS must be at least 1");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(Map.of(WorkerConfig.SERVICE_TOKEN, "s3cret",
                        WorkerConfig.MAX_CONCURRENT_ATTEMPTS, "two")))
                .hasMessageContaining("GRAPHLAUNCH_WORKER_MAX_CONCURRENT_ATTEMPTS must be a whole number");
    }
}
