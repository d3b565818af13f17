package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalTls;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.devstack.TestCertificates;
import dev.graphlaunch.devstack.TestCertificates.Identity;
import dev.graphlaunch.devstack.TlsProxy;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import dev.graphlaunch.worker.GraphWorker;
import dev.graphlaunch.worker.WorkerConfig;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.util.JarLocation;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gateway, worker and the schedules command against a Temporal that only speaks TLS: the dev
 * server behind a TLS-terminating proxy, with certificates made for the test. A misconfigured
 * connection stops the start with one sentence naming the address and the TLS problem.
 */
class TemporalTlsSystemTest {
    private static Path dir;
    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static Identity server;
    private static Identity client;
    private static TlsProxy tls;
    private static TlsProxy mutualTls;

    @BeforeAll
    static void certificatesAndProxies() throws IOException {
        dir = Files.createTempDirectory("temporal-tls");
        ca = TestCertificates.authority(dir, "temporal-test-ca");
        otherCa = TestCertificates.authority(dir, "some-other-ca");
        server = ca.server("temporal-frontend", "ip:127.0.0.1,dns:localhost");
        client = ca.client("graph-launch-worker");
        String devServer = TemporalDevServer.shared().address();
        tls = TlsProxy.start(devServer, server, null);
        mutualTls = TlsProxy.start(devServer, server, ca.caCertificate());
    }

    @AfterAll
    static void stop() {
        tls.close();
        mutualTls.close();
    }

    @Test
    void gatewayAndWorkerRunAGraphThroughTlsWithTheRightCa() {
        try (SystemUnderTest system = SystemUnderTest.against(tls.address(),
                ConfigOverride.config("temporal.tls.caFile", ca.caFile().toString()))) {
            system.startGateway();
            system.startWorker(new TemporalConnection(tls.address(), "default",
                    new TemporalTls(null, ca.caFile(), null, null, null), null));

            assertRunSucceeds(system);
        }
    }

    @Test
    void gatewayAndWorkerRunAGraphWithMutualTls() {
        try (SystemUnderTest system = SystemUnderTest.against(mutualTls.address(),
                ConfigOverride.config("temporal.tls.caFile", ca.caFile().toString()),
                ConfigOverride.config("temporal.tls.certFile", client.certFile().toString()),
                ConfigOverride.config("temporal.tls.keyFile", client.keyFile().toString()))) {
            system.startGateway();
            system.startWorker(new TemporalConnection(mutualTls.address(), "default",
                    new TemporalTls(null, ca.caFile(), client.certFile(), client.keyFile(), null), null));

            assertRunSucceeds(system);
            assertThat(mutualTls.clientSubjects()).isNotEmpty().contains("CN=graph-launch-worker");
        }
    }

    @Test
    void wrongCaStopsGatewayAndWorkerWithOneSentenceNamingTheAddress() {
        TemporalTls wrongCa = new TemporalTls(null, otherCa.caFile(), null, null, null);
        try (SystemUnderTest system = SystemUnderTest.against(tls.address(),
                ConfigOverride.config("temporal.tls.caFile", otherCa.caFile().toString()))) {
            assertThatThrownBy(system::startGateway).satisfies(e -> assertClearTlsError(e, tls.address(), "CA"));
        }
        assertThatThrownBy(() -> GraphWorker.start(workerConfig(new TemporalConnection(tls.address(), "default", wrongCa, null))))
                .satisfies(e -> assertClearTlsError(e, tls.address(), "CA"));
    }

    @Test
    void missingClientCertificateStopsGatewayAndWorkerWithOneSentenceNamingTheAddress() {
        TemporalTls withoutCertificate = new TemporalTls(null, ca.caFile(), null, null, null);
        try (SystemUnderTest system = SystemUnderTest.against(mutualTls.address(),
                ConfigOverride.config("temporal.tls.caFile", ca.caFile().toString()))) {
            assertThatThrownBy(system::startGateway)
                    .satisfies(e -> assertClearTlsError(e, mutualTls.address(), "client certificate"));
        }
        assertThatThrownBy(() -> GraphWorker.start(workerConfig(
                        new TemporalConnection(mutualTls.address(), "default", withoutCertificate, null))))
                .satisfies(e -> assertClearTlsError(e, mutualTls.address(), "client certificate"));
    }

    @Test
    void schedulesPlanWorksThroughTlsAndNamesTheTlsProblemWhenTheCaIsWrong() throws IOException {
        CliRun ok = schedules("plan", ca.caFile());
        CliRun wrong = schedules("plan", otherCa.caFile());

        assertThat(ok.exit()).as(ok.err()).isEmpty();
        assertThat(ok.out()).contains("Plan for").contains(tls.address()).contains("TLS");
        assertThat(wrong.exit()).isPresent();
        assertThat(wrong.err()).contains("schedules plan failed: TLS handshake with Temporal at " + tls.address())
                .contains("CA").doesNotContain("\tat ");
    }

    @Test
    void serverNameOverrideChecksTheCertificateAgainstThatName() throws Exception {
        Identity named = ca.server("frontend.temporal.test", "dns:frontend.temporal.test");
        try (TlsProxy proxy = TlsProxy.start(TemporalDevServer.shared().address(), named, null)) {
            TemporalConnection byAddress = new TemporalConnection(proxy.address(), "default",
                    new TemporalTls(null, ca.caFile(), null, null, null), null);
            TemporalConnection byName = new TemporalConnection(proxy.address(), "default",
                    new TemporalTls(null, ca.caFile(), null, null, "frontend.temporal.test"), null);

            assertThatThrownBy(() -> GraphWorker.start(workerConfig(byAddress)))
                    .satisfies(e -> assertClearTlsError(e, proxy.address(), "server name"));
            assertThat(describeNamespace(byName)).isEqualTo("default");
        }
    }

    @Test
    void aClientCertificateRotatedOnDiskIsPresentedAtTheNextHandshake() throws Exception {
        Path certFile = dir.resolve("rotating.pem");
        Path keyFile = dir.resolve("rotating.key");
        Files.copy(client.certFile(), certFile, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(client.keyFile(), keyFile, StandardCopyOption.REPLACE_EXISTING);
        Identity rotated = ca.client("graph-launch-worker-rotated");
        TlsProxy proxy = TlsProxy.start(TemporalDevServer.shared().address(), server, ca.caCertificate());
        TemporalConnection connection = new TemporalConnection(proxy.address(), "default",
                new TemporalTls(null, ca.caFile(), certFile, keyFile, null), null);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                connection.configure(WorkflowServiceStubsOptions.newBuilder()).build());
        try {
            describe(stubs);
            assertThat(proxy.clientSubjects()).containsOnly("CN=graph-launch-worker");

            Files.copy(rotated.keyFile(), keyFile, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(rotated.certFile(), certFile, StandardCopyOption.REPLACE_EXISTING);
            // A rotation as a deploy tool makes it: the files' times move on, whatever the clock's grain.
            FileTime later = FileTime.from(Instant.now().plusSeconds(2));
            Files.setLastModifiedTime(certFile, later);
            Files.setLastModifiedTime(keyFile, later);

            // The next handshake must be a full one: a resumed session would keep the old certificate.
            // Dropped once only: dropping on every try kept the channel in its reconnect backoff, so
            // every call failed fast with UNAVAILABLE and the rotation was never seen (a CI failure).
            proxy.dropConnectionsAndSessions();

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                describeWhenReady(stubs);
                assertThat(proxy.clientSubjects()).last().isEqualTo("CN=graph-launch-worker-rotated");
            });
        } finally {
            stubs.shutdownNow();
            stubs.awaitTermination(5, TimeUnit.SECONDS);
            proxy.close();
        }
    }

    private static void assertRunSucceeds(SystemUnderTest system) {
        String apiKey = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "builtin:*");
        Reply accepted = system.http().postJson("/api/v1/ai/chat", apiKey,
                Map.of("graphId", "builtin:echo", "message", "over TLS"), Map.of("Idempotency-Key", "tls-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        assertThat(system.awaitRun(accepted.json().path("runId").asText(), apiKey, "succeeded")
                .path("output").path("reply").asText()).isEqualTo("over TLS");
    }

    /** The message a start-up failure ends with: one short sentence, the address, the problem; no stack trace. */
    private static void assertClearTlsError(Throwable thrown, String address, String problem) {
        String message = deepestMentionOf(thrown, address);
        assertThat(message).contains("TLS").contains(address).contains(problem).doesNotContain("\n");
        assertThat(message.length()).isLessThan(600);
    }

    private static String deepestMentionOf(Throwable thrown, String address) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(address)) {
                return cause.getMessage();
            }
        }
        throw new AssertionError("no message names " + address, thrown);
    }

    private static WorkerConfig workerConfig(TemporalConnection connection) {
        return new WorkerConfig(connection, URI.create("http://127.0.0.1:1"), SystemUnderTest.SERVICE_TOKEN,
                Duration.ofMinutes(1));
    }

    private static String describeNamespace(TemporalConnection connection) throws InterruptedException {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                connection.configure(WorkflowServiceStubsOptions.newBuilder()).build());
        try {
            return describe(stubs);
        } finally {
            stubs.shutdownNow();
            stubs.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Waits for the channel to reconnect (within the deadline) instead of failing fast while it backs off. */
    private static String describeWhenReady(WorkflowServiceStubs stubs) {
        return stubs.blockingStub().withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS)
                .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build())
                .getNamespaceInfo().getName();
    }

    private static String describe(WorkflowServiceStubs stubs) {
        return stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build())
                .getNamespaceInfo().getName();
    }

    record CliRun(Optional<Throwable> exit, String out, String err) {}

    /** {@code gateway schedules ACTION FILE CONFIG} through Dropwizard's real command line, against the TLS proxy. */
    private static CliRun schedules(String action, Path caFile) throws IOException {
        String dbUrl = EmbeddedDatabase.shared().createDatabase("tls_cli_" + UUID.randomUUID().toString().substring(0, 8));
        Path config = Files.createTempFile(dir, "gateway", ".yml");
        String template = Files.readString(Path.of("src/test/resources/system-gateway.yml"));
        Files.writeString(config, template
                .replace("jdbc:postgresql://127.0.0.1:5432/overridden-by-test", dbUrl)
                .replace("  address: 127.0.0.1:7233\n", "  address: " + tls.address() + "\n  tls:\n    caFile: " + caFile + "\n"));
        GatewayApplication application = new GatewayApplication();
        Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Optional<Throwable> exit;
        try {
            exit = new Cli(new JarLocation(TemporalTlsSystemTest.class), bootstrap, out, err)
                    .run("schedules", action, Path.of("../config/schedules.yml").toString(), config.toString());
        } finally {
            System.setOut(systemOut);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
