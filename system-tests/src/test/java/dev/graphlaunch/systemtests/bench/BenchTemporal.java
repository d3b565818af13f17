package dev.graphlaunch.systemtests.bench;

import dev.graphlaunch.devstack.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal dev server for one benchmark phase: file-backed (SQLite file, what {@code bin/dev}
 * and the tests run) or in-memory (no {@code --db-filename}). The devstack only starts the former,
 * so the in-memory one is launched here with the same flags as {@code bin/temporal-dev} minus the file.
 */
final class BenchTemporal implements AutoCloseable {
    private static final List<String> SEARCH_ATTRIBUTES =
            List.of("TenantId", "GraphId", "RunKind", "TriggerSource", "TriggerRef", "RequestedBy");

    final String kind;
    private final String address;
    private final AutoCloseable server;

    private BenchTemporal(String kind, String address, AutoCloseable server) {
        this.kind = kind;
        this.address = address;
        this.server = server;
    }

    static BenchTemporal start(String kind) {
        return switch (kind) {
            case "file" -> {
                TemporalDevServer server = TemporalDevServer.start();
                yield new BenchTemporal(kind, server.address(), server);
            }
            case "memory" -> inMemory();
            default -> throw new IllegalArgumentException("server kind is file or memory: " + kind);
        };
    }

    String address() {
        return address;
    }

    private static BenchTemporal inMemory() {
        Path cli = Path.of(".tools/temporal/bin/temporal").toAbsolutePath();
        int port = TemporalDevServer.freePort();
        String address = "127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev", "--headless",
                "--ip", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "warn", "--namespace", "default"));
        SEARCH_ATTRIBUTES.forEach(name -> command.addAll(List.of("--search-attribute", name + "=Keyword")));
        Process process;
        try {
            Path log = Files.createTempFile("bench-temporal-memory", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cli + " (run bin/install-temporal)", e);
        }
        AutoCloseable stop = () -> {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        };
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (process.isAlive() && accepts(port) && describes(cli, address)) {
                return new BenchTemporal("memory", address, stop);
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("in-memory Temporal dev server not ready on " + address);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean describes(Path cli, String address) {
        try {
            Process check = new ProcessBuilder(cli.toString(), "operator", "namespace", "describe", "default",
                    "--address", address).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return check.waitFor(10, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
