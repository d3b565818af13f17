package dev.graphlaunch.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One of our jars running as a real separate process ({@code java -jar}), as in production. Each
 * start writes a log of its own ({@code name-1.log}, {@code name-2.log}, …) so what a process
 * printed before it was killed stays readable next to what its successor printed.
 */
final class ChildJvm {
    // Small heaps and the C1 compiler only: three JVMs share a loaded 2-core machine with the build.
    private static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Path jar;
    private final List<String> args;
    private final Map<String, String> env;
    private final Path logDir;
    private Process process;
    private int starts;

    ChildJvm(String name, Path jar, List<String> args, Map<String, String> env, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.logDir = logDir;
    }

    /** Starts the process and waits until {@code ready} holds; fails with the log's tail if it exits first. */
    void start(BooleanSupplier ready, Duration deadline) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        starts++;
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        long until = System.nanoTime() + deadline.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; " + log() + ":\n" + logTail());
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException(name + " not ready within " + deadline + "; " + log() + ":\n" + logTail());
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** SIGKILL on Linux: no shutdown hook, no graceful drain, connections cut mid-request. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        process = null;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Why a process that should be running is not, for the failure message. */
    String describeExit() {
        return process == null ? name + " is stopped" : name + " exited with " + process.exitValue() + "; " + log();
    }

    Path log() {
        return logDir.resolve(name + "-" + starts + ".log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
