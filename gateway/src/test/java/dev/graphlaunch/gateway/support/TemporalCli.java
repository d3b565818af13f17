package dev.graphlaunch.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code temporal} CLI binary, pointed at a dev server: what an operator would type. */
public final class TemporalCli {
    private final String address;

    public TemporalCli(TemporalDevServer server) {
        this.address = server.address();
    }

    public record Result(int exitCode, String output) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(output);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + output, e);
            }
        }
    }

    /** Runs {@code temporal <args> --address <server>} and asserts it succeeded. */
    public Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--address", address));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("temporal CLI finished").isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** bin/install-temporal puts it under the repository's .tools/ (the build runs bin/test, which installs it). */
    public static Path binary() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".tools/temporal/bin/temporal");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no .tools/temporal/bin/temporal above " + Path.of("").toAbsolutePath()
                + "; run bin/install-temporal");
    }
}
