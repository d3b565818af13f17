package dev.graphlaunch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) as a child process, started
 * through the repository's {@code bin/temporal-dev} so tests get the same namespace and search
 * attributes as the local dev stack.
 */
public final class TemporalDevServer implements AutoCloseable {

    public static final String ROOT_PROPERTY = "graphlaunch.root";

    private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServer.class);
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";

    private static TemporalDevServer shared;

    private final int port;
    private final Process process;
    private final Path dbFile;
    private final boolean ownsDbFile;
    private final Path log;

    private TemporalDevServer(int port, Process process, Path dbFile, boolean ownsDbFile, Path log) {
        this.port = port;
        this.process = process;
        this.dbFile = dbFile;
        this.ownsDbFile = ownsDbFile;
        this.log = log;
    }

    /** An own server on a free port. */
    public static TemporalDevServer start() {
        return start(freePort());
    }

    /** An own server on {@code port}, e.g. one a test reserved and pointed a client at earlier. */
    public static TemporalDevServer start(int port) {
        Path workDir = createWorkDir(repositoryRoot());
        return start(port, workDir.resolve("temporal.db"), true, workDir.resolve("temporal.log"));
    }

    /**
     * A server on {@code port} whose state lives in {@code dbFile} and outlives it: after {@link #kill()}
     * or {@link #close()}, a new server started with the same port and file carries on with the same
     * workflows, as a restarted production cluster would. Its output is appended to {@code log}.
     */
    public static TemporalDevServer startPersistent(int port, Path dbFile, Path log) {
        return start(port, dbFile.toAbsolutePath(), false, log.toAbsolutePath());
    }

    private static TemporalDevServer start(int port, Path dbFile, boolean ownsDbFile, Path log) {
        Path root = repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/temporal-dev").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TEMPORAL_PORT", Integer.toString(port));
        builder.environment().put("TEMPORAL_DB_FILE", dbFile.toString());

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + builder.command(), e);
        }
        TemporalDevServer server = new TemporalDevServer(port, process, dbFile, ownsDbFile, log);
        try {
            server.awaitReady(root.resolve(".tools/temporal/bin/temporal"));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Temporal dev server ready at {} after {} ms (log: {})",
                server.address(), Duration.ofNanos(System.nanoTime() - started).toMillis(), log);
        return server;
    }

    /** One server per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized TemporalDevServer shared() {
        if (shared == null) {
            TemporalDevServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "temporal-dev-shared-stop"));
            shared = server;
        }
        return shared;
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    public int port() {
        return port;
    }

    /** The frontend gRPC address, {@code 127.0.0.1:PORT}. */
    public String address() {
        return HOST + ":" + port;
    }

    public Path logFile() {
        return log;
    }

    /** SIGKILL, as a crashed host would stop it: no shutdown, state on disk as it was at that instant. */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Temporal dev server on " + address() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while killing Temporal", e);
        }
    }

    @Override
    public void close() {
        // bin/temporal-dev execs the CLI, but stop any descendants too in case that ever changes.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Temporal dev server on {} did not stop within {}; killing it", address(), STOP_GRACE);
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (ownsDbFile) {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                deleteQuietly(dbFile.resolveSibling(dbFile.getFileName() + suffix));
            }
        }
    }

    private void awaitReady(Path cli) {
        Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Temporal dev server exited with code " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + logTail());
            }
            if (acceptsConnections() && namespaceDescribes(cli)) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("Temporal dev server on " + address() + " not ready within "
                + STARTUP_DEADLINE + "; log " + log + ":\n" + logTail());
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean namespaceDescribes(Path cli) {
        ProcessBuilder describe = new ProcessBuilder(cli.toString(),
                "operator", "namespace", "describe", "default", "--address", address())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process check = describe.start();
            if (!check.waitFor(10, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + describe.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Temporal", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Finds the repository root: {@value #ROOT_PROPERTY} if set, else the nearest ancestor with bin/temporal-dev. */
    static Path repositoryRoot() {
        String override = System.getProperty(ROOT_PROPERTY);
        if (override != null) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/temporal-dev"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No bin/temporal-dev in " + start + " or its parents; set -D"
                + ROOT_PROPERTY + "=<repository root>");
    }

    /** Under the current module's target/ when there is one, so logs survive the test run. */
    private static Path createWorkDir(Path root) {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Path parent = Files.isDirectory(target) ? target.resolve("temporal-dev") : root.resolve(".dev/temporal-tests");
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "server-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a work directory for Temporal", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}", file, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Temporal", e);
        }
    }
}
