package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No size trap (docs/execution.md, "Sizes"): whatever the public API accepts, the run carries to
 * an end. Inputs stay in graph_runs and outputs in graph_run_attempts, so neither crosses Temporal
 * or the internal API; outputs over execution.maxOutputBytes end the run failed/output_too_large.
 * builtin:echo answers with the message twice (reply and echo), so its output is about twice its input.
 */
class RunSizeLimitsSystemTest {
    private static final int MAX_REQUEST_BODY = 256 * 1024;
    private static final String MAX_OUTPUT = "320KiB";
    private static final String SCHEDULE = "big-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int SCHEDULE_MESSAGE_CHARS = 100_000;
    private static SystemUnderTest system;
    private static String client;
    private static String admin;
    private static Path schedulesFile;

    @BeforeAll
    static void start() throws IOException {
        schedulesFile = Files.createTempFile("schedules", ".yml");
        Files.writeString(schedulesFile, "schedules:\n  - id: " + SCHEDULE + "\n    tenant: acme\n"
                + "    graph: builtin:echo\n    cron: \"0 0 1 1 *\"\n    owner: reports@acme.test\n"
                + "    input: {messages: [{role: user, content: " + "s".repeat(SCHEDULE_MESSAGE_CHARS) + "}]}\n");
        system = SystemUnderTest.startAll(
                ConfigOverride.config("execution.maxOutputBytes", MAX_OUTPUT),
                ConfigOverride.config("schedules.file", schedulesFile.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true"));
        client = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "*");
        admin = system.issueKey("acme", "oncall@acme.test", "admin");
        await().atMost(Duration.ofSeconds(60)).until(() -> system.count("select count(*) from schedule_declarations") == 1);
    }

    @AfterAll
    static void stop() throws IOException {
        Files.writeString(schedulesFile, "schedules: []\n");
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        WorkflowServiceStubs stubs = factory.buildStubs();
        new ScheduleApplier(new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(null))),
                new TemporalSchedules(factory.buildScheduleClient(stubs)), system.jdbi()).apply(schedulesFile, line -> {});
        stubs.shutdown();
        Files.deleteIfExists(schedulesFile);
        system.close();
    }

    @Test
    void aMessageOf140000CharactersEndsSucceededWithItsWholeOutput() {
        String runId = accepted(chat("m".repeat(140_000)));

        JsonNode run = system.awaitRun(runId, client, "succeeded");

        assertThat(run.path("output").path("reply").asText()).hasSize(140_000);
    }

    @Test
    void aBodyOfExactlyTheApiLimitIsAcceptedAndItsRunEndsFailedWithOutputTooLargeNotAHang() {
        String message = "b".repeat(MAX_REQUEST_BODY - bodyBytes(""));
        assertThat(bodyBytes(message)).isEqualTo(MAX_REQUEST_BODY);
        String runId = accepted(chat(message));

        // Its echo (about 512 KiB) is over this system's 320 KiB output limit.
        JsonNode run = system.awaitRun(runId, client, "failed");

        assertThat(run.path("error").path("code").asText()).as("%s", run).isEqualTo("output_too_large");
        assertThat(run.path("attempt").asInt()).as("not retried").isEqualTo(1);
    }

    @Test
    void aBodyOneByteOverTheApiLimitIsRefusedWith413AndNoRun() {
        long before = system.count("select count(*) from graph_runs");

        Reply refused = chat("o".repeat(MAX_REQUEST_BODY - bodyBytes("") + 1));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(system.count("select count(*) from graph_runs")).isEqualTo(before);
    }

    @Test
    void aScheduleWithALargeDeclaredInputEndsSucceeded() {
        Reply triggered = system.http().postJson("/api/v1/admin/schedules/" + SCHEDULE + "/trigger", admin, Map.of(),
                Map.of());
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> system.count("select count(*) from graph_runs"
                + " where trigger_ref like ? and status = 'succeeded' and length(output->>'reply') = ?",
                SCHEDULE + "@%", SCHEDULE_MESSAGE_CHARS) == 1);
    }

    private static Reply chat(String message) {
        return system.http().postJson("/api/v1/ai/chat", client, Map.of("graphId", "builtin:echo", "message", message),
                Map.of("Idempotency-Key", "size-" + UUID.randomUUID()));
    }

    private static String accepted(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("runId").asText();
    }

    private static int bodyBytes(String message) {
        return HttpJson.toJson(Map.of("graphId", "builtin:echo", "message", message)).getBytes(StandardCharsets.UTF_8).length;
    }
}
