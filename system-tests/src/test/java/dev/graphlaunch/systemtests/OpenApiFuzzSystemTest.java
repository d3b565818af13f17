package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis against the whole running system, driven by the document the gateway serves:
 * generated requests (valid and invalid) for every public operation, with its default checks, all
 * of them, response-schema conformance included. Any server error, undocumented status, content
 * type or body shape fails the build. Installed by {@code bin/install-schemathesis} (bin/test runs it).
 */
class OpenApiFuzzSystemTest {
    /** Cases per operation: enough to find what the issue found, small enough for ~2 minutes here. */
    private static final String MAX_EXAMPLES = System.getProperty("schemathesis.maxExamples", "40");
    private static final String SEED = System.getProperty("schemathesis.seed", "20261129");
    private static final long TIMEOUT_MINUTES = 6;

    private static SystemUnderTest system;
    private static String apiKey;

    @BeforeAll
    static void start() {
        // Rate limits on, small enough that the generated chats and reruns meet them: the 429 and the
        // RateLimit fields are checked against the document like every other answer.
        system = SystemUnderTest.startAll(
                ConfigOverride.config("rateLimits.perKey.capacity", "5"),
                ConfigOverride.config("rateLimits.perKey.refillPerSecond", "0.5"),
                ConfigOverride.config("rateLimits.perTenant.capacity", "10"),
                ConfigOverride.config("rateLimits.perTenant.refillPerSecond", "1"));
        apiKey = system.issueKey("acme", "fuzz@acme.test", "admin", "runs:write", "runs:read", "usage:read", "builtin:*");
        // Something to list, page through and read: a finished run with events and a charge receipt.
        Reply accepted = system.http().postJson("/api/v1/ai/chat", apiKey,
                Map.of("graphId", "builtin:echo", "message", "fuzz me"), Map.of("Idempotency-Key", "fuzz-seed"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        system.awaitRun(accepted.json().path("runId").asText(), apiKey, "succeeded");
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void schemathesisFindsNoServerErrorAndNothingUndocumented() throws Exception {
        Path st = schemathesis();
        Path report = Path.of("target", "schemathesis").toAbsolutePath();
        Files.createDirectories(report);
        String config = ResourceHelpers.resourceFilePath("schemathesis.toml");
        List<String> command = new ArrayList<>(List.of(st.toString(), "--config-file", config,
                "run", system.uri("/openapi.json").toString(),
                "--checks", "all",
                "--header", "Authorization: Bearer " + apiKey,
                "--max-examples", MAX_EXAMPLES,
                "--seed", SEED,
                // One worker: hypothesis' lambda descriptions call ast.parse, which is not thread-safe on
                // CPython 3.11 ("AST constructor recursion depth mismatch" under two workers).
                "--workers", "1",
                "--request-timeout", "15",
                "--generation-database", "none",
                "--report", "junit,vcr", "--report-preserve-bytes", "--report-dir", report.toString(),
                "--no-color"));
        Process process = new ProcessBuilder(command)
                .directory(report.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.resolve("output.txt").toFile())
                .start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(report.resolve("output.txt"), StandardCharsets.UTF_8);
        // The summary lands in the build log either way: it is what the issue asks to quote.
        System.out.println(output);
        assertThat(finished).as("schemathesis finished within %d minutes", TIMEOUT_MINUTES).isTrue();
        assertThat(process.exitValue()).as("schemathesis exit code; its report:%n%s", output).isZero();
    }

    /** {@code .tools/schemathesis/bin/st} of the repository this build runs in. */
    private static Path schemathesis() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/install-schemathesis"))) {
                Path st = dir.resolve(".tools/schemathesis/bin/st");
                if (!Files.isExecutable(st)) {
                    throw new IOException(st + " is missing: run bin/install-schemathesis (bin/test does)");
                }
                return st;
            }
        }
        throw new IOException("no bin/install-schemathesis above " + Path.of("").toAbsolutePath());
    }
}
