package dev.graphlaunch.systemtests.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.worker.WorkerConfig;
import dev.graphlaunch.worker.metrics.MetricsConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The system as separate real processes that a test can SIGKILL and start again: the gateway and
 * the worker from their shaded jars ({@code java -jar}), a file-backed Temporal dev server that
 * restarts on the same port with the same state, and PostgreSQL (embedded, never killed). Ports
 * are fixed for the stack's life, so clients and the worker find a restarted process where the
 * old one was. Logs: {@code system-tests/target/fault/}.
 */
public final class ProcessStack implements AutoCloseable {
    private static final Duration GATEWAY_START = Duration.ofSeconds(120);
    private static final Duration WORKER_START = Duration.ofSeconds(120);

    private final Path dir;
    private static final int FIRST_FIXED_PORT = 20_000;
    /** Linux's default ip_local_port_range starts here; no ephemeral port is ever handed out below it. */
    private static final int FIRST_EPHEMERAL_PORT = 32_768;

    private final int appPort = fixedPort();
    private final int temporalPort = fixedPort();
    /** The internal API's own connector (fault-gateway.yml); fixed so that restarts keep it. */
    private final int internalPort = fixedPort();
    private final String dbUrl;
    private final Jdbi jdbi;
    private final HttpJson http;
    private final ChildJvm gateway;
    private final ChildJvm worker;
    private TemporalDevServer temporal;
    private WorkflowServiceStubs stubs;

    private ProcessStack(Path dir) {
        this.dir = dir;
        this.dbUrl = EmbeddedDatabase.shared().createDatabase("fault_" + UUID.randomUUID().toString().substring(0, 8));
        this.jdbi = Database.configure(Jdbi.create(dbUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)
                .installPlugin(new SqlObjectPlugin()), new ObjectMapper().findAndRegisterModules());
        this.http = new HttpJson(publicUrl());
        Path config = Path.of("target", "test-classes", "fault-gateway.yml").toAbsolutePath();
        this.gateway = new ChildJvm("gateway", jar("gateway"), List.of("server", config.toString()), Map.of(
                "GRAPHLAUNCH_HTTP_PORT", String.valueOf(appPort),
                "GRAPHLAUNCH_ADMIN_PORT", String.valueOf(fixedPort()),
                "GRAPHLAUNCH_INTERNAL_PORT", String.valueOf(internalPort),
                "GRAPHLAUNCH_REQUEST_LOG", dir.resolve("gateway-requests.log").toString(),
                "GRAPHLAUNCH_DB_URL", dbUrl,
                "TEMPORAL_ADDRESS", temporalAddress(),
                "GRAPHLAUNCH_SERVICE_TOKEN", SystemUnderTest.SERVICE_TOKEN,
                "GITHUB_WEBHOOK_SECRET", GitHubSender.SECRET), dir);
        this.worker = new ChildJvm("worker", jar("worker"), List.of(), Map.of(
                WorkerConfig.TEMPORAL_ADDRESS, temporalAddress(),
                WorkerConfig.GATEWAY_URL, internalApiUrl().toString(),
                WorkerConfig.SERVICE_TOKEN, SystemUnderTest.SERVICE_TOKEN,
                WorkerConfig.RUN_TIMEOUT, "PT2M",
                // not the default 9464: other stacks on this machine may hold it
                MetricsConfig.PORT, String.valueOf(fixedPort())), dir);
    }

    /** Everything up: Temporal, then the gateway (it migrates the database), then the worker. */
    public static ProcessStack start() {
        ProcessStack stack = new ProcessStack(cleanLogDirectory());
        // Should the test JVM be stopped before close(), its children must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "fault-stack-stop"));
        try {
            stack.startTemporal();
            stack.startGateway();
            stack.startWorker();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public void startGateway() {
        gateway.start(this::gatewayAnswers, GATEWAY_START);
    }

    public void killGateway() {
        gateway.kill();
    }

    public void startWorker() {
        // The worker prints this once its pollers run, i.e. after Temporal accepted its namespace check.
        worker.start(() -> logContains(worker.log(), "worker polling task queue"), WORKER_START);
    }

    public void killWorker() {
        worker.kill();
    }

    public void startTemporal() {
        temporal = TemporalDevServer.startPersistent(temporalPort, dir.resolve("temporal.db"), dir.resolve("temporal.log"));
    }

    public void killTemporal() {
        temporal.kill();
    }

    /** Why the stack is not whole, or empty when every process runs. */
    public List<String> deadProcesses() {
        return Stream.of(gateway, worker).filter(process -> !process.isAlive()).map(ChildJvm::describeExit).toList();
    }

    public HttpJson http() {
        return http;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Path logDirectory() {
        return dir;
    }

    public String issueKey(String tenant, String principal, String... scopes) {
        return new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue(tenant, principal, List.of(scopes), "fault test").key();
    }

    /** Every {@code GraphRunWorkflow} execution Temporal knows, open or closed, in one listing. */
    public List<WorkflowExecutionInfo> graphRunExecutions() {
        return temporalClient().listExecutions("WorkflowType = '" + GraphRunWorkflow.TYPE + "'")
                .map(metadata -> metadata.getWorkflowExecutionInfo())
                .toList();
    }

    /** Executions Temporal knows for this workflow id, open or closed. */
    public List<WorkflowExecutionInfo> executionsOf(String workflowId) {
        return temporalClient().listExecutions("WorkflowId = '" + workflowId + "'")
                .map(metadata -> metadata.getWorkflowExecutionInfo())
                .toList();
    }

    private WorkflowClient temporalClient() {
        if (stubs == null) {
            stubs = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
        }
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }

    @Override
    public void close() {
        if (stubs != null) {
            stubs.shutdownNow();
        }
        worker.kill();
        gateway.kill();
        if (temporal != null) {
            temporal.close();
        }
    }

    private URI publicUrl() {
        return URI.create("http://127.0.0.1:" + appPort);
    }

    /** Where the worker reaches {@code /api/internal/*}: the gateway's internal connector, never the public one. */
    private URI internalApiUrl() {
        return URI.create("http://127.0.0.1:" + internalPort);
    }

    private String temporalAddress() {
        return "127.0.0.1:" + temporalPort;
    }

    /** Any HTTP answer (a 401 without a key) means Jetty serves the application. */
    private boolean gatewayAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", appPort), 500);
        } catch (IOException e) {
            return false;
        }
        try {
            return http.get("/api/v1/runs", null).status() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A free port below the ephemeral range. A process that is restarted must get its port back, so
     * no outgoing connection may borrow it meanwhile; and the Temporal dev server picks its internal
     * services' ports from the ephemeral range, where an ephemeral "free port" of ours could collide.
     */
    private static int fixedPort() {
        Random random = new Random();
        for (int tries = 0; tries < 100; tries++) {
            int port = FIRST_FIXED_PORT + random.nextInt(FIRST_EPHEMERAL_PORT - FIRST_FIXED_PORT);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_FIXED_PORT + " and " + FIRST_EPHEMERAL_PORT);
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The shaded jar the reactor built in this same {@code mvn verify} (package runs before this
     * module's tests). Refuses a jar older than its module's classes, so a test never runs stale code.
     */
    private static Path jar(String module) {
        Path moduleDir = Path.of("..", module).toAbsolutePath().normalize();
        Path jar = moduleDir.resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run this test through the reactor, e.g."
                    + " `mvn -B verify -pl system-tests -am` (the shaded jars are built in the package phase)");
        }
        Path classes = moduleDir.resolve("target").resolve("classes");
        if (Files.isDirectory(classes) && newestFile(classes) > modified(jar)) {
            throw new IllegalStateException(jar + " is older than " + classes + ": rebuild it with"
                    + " `mvn -B verify -pl system-tests -am` so the processes run the code under test");
        }
        return jar;
    }

    private static long newestFile(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(ProcessStack::modified).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cleanLogDirectory() {
        Path dir = Path.of("target", "fault").toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
