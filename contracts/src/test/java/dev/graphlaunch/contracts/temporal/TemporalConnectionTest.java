package dev.graphlaunch.contracts.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TemporalConnectionTest {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void plaintextByDefaultAndTlsAsSoonAsAnApiKeyOrAFileIsSet() {
        assertThat(TemporalConnection.plaintext("127.0.0.1:7233", "default").usesTls()).isFalse();
        assertThat(new TemporalConnection("ns.acct.tmprl.cloud:7233", "ns.acct", null, "key").usesTls()).isTrue();
        assertThat(new TemporalConnection("t:7233", "default", new TemporalTls(null, Path.of("ca.pem"), null, null, null),
                null).usesTls()).isTrue();
        assertThat(new TemporalConnection("t:7233", "default", new TemporalTls(true, null, null, null, null), null).usesTls())
                .isTrue();
        assertThat(new TemporalConnection("t:7233", "default", new TemporalTls(false, null, null, null, null), "key")
                .usesTls()).isFalse();
    }

    @Test
    void apiKeyIsSentAsBearerAuthorizationMetadata() {
        TemporalConnection connection = new TemporalConnection("ns.acct.tmprl.cloud:7233", "ns.acct", null, " key-123 ");

        WorkflowServiceStubsOptions options = connection.configure(WorkflowServiceStubsOptions.newBuilder()).build();

        assertThat(options.getEnableHttps()).isTrue();
        assertThat(options.getTarget()).isEqualTo("ns.acct.tmprl.cloud:7233");
        assertThat(options.getGrpcMetadataProviders()).extracting(GrpcMetadataProvider::getMetadata)
                .extracting(metadata -> metadata.get(AUTHORIZATION))
                .containsExactly("Bearer key-123");
    }

    @Test
    void blankApiKeyMeansNone() {
        TemporalConnection connection = new TemporalConnection("127.0.0.1:7233", "default", null, "  ");

        assertThat(connection.apiKey()).isNull();
        // Null until a provider is added, so "none" reads either way.
        assertThat(connection.configure(WorkflowServiceStubsOptions.newBuilder()).build().getGrpcMetadataProviders())
                .isNullOrEmpty();
    }

    @Test
    void apiKeyNeverAppearsInToStringOrDescription() {
        TemporalConnection connection = new TemporalConnection("ns.acct.tmprl.cloud:7233", "ns.acct", null, "s3cret-key");

        assertThat(connection.toString()).doesNotContain("s3cret-key").contains("apiKey=***");
        assertThat(connection.describe()).doesNotContain("s3cret-key")
                .isEqualTo("ns.acct.tmprl.cloud:7233 (namespace ns.acct, TLS, API key)");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new TemporalTls(null, null, Path.of("client.pem"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client.pem").hasMessageContaining("key");
    }

    @Test
    void missingCaFileIsNamedWhenTheConnectionIsBuilt() {
        TemporalConnection connection = new TemporalConnection("t:7233", "default",
                new TemporalTls(null, Path.of("/nonexistent/ca.pem"), null, null, null), null);

        assertThatThrownBy(() -> connection.configure(WorkflowServiceStubsOptions.newBuilder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/ca.pem");
    }

    @Test
    void tlsFailureBelowGrpcUnavailableBecomesOneSentenceWithAHint() {
        TemporalConnection connection = new TemporalConnection("t:7233", "default",
                new TemporalTls(true, null, null, null, null), null);
        StatusRuntimeException failure = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new SSLHandshakeException("General OpenSslEngine problem"))
                .asRuntimeException();
        failure.getCause().initCause(new IllegalStateException("PKIX path building failed: unable to find valid certification path"));

        assertThat(TemporalProblems.configurationProblem(connection, failure)).hasValueSatisfying(sentence -> assertThat(sentence)
                .startsWith("TLS handshake with Temporal at t:7233 (namespace default, TLS) failed: PKIX path building failed")
                .contains("CA file"));
    }

    @Test
    void refusedCredentialsAreAProblemAndAnUnreachableServerIsNot() {
        TemporalConnection connection = new TemporalConnection("t:7233", "default", null, "key");

        assertThat(TemporalProblems.configurationProblem(connection,
                Status.UNAUTHENTICATED.withDescription("invalid API key").asRuntimeException()))
                .hasValueSatisfying(sentence -> assertThat(sentence).contains("refused our credentials").contains("API key"));
        assertThat(TemporalProblems.configurationProblem(connection,
                Status.UNAVAILABLE.withDescription("Connection refused").asRuntimeException())).isEmpty();
    }
}
