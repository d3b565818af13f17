package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.internal.InternalApi;
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
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5, 6 and 8 of issue 3: schedules declared in a file, applied by the gateway at
 * start-up, fired by the real Temporal server and executed by the worker through the same
 * internal API as API runs.
 */
class ScheduleSystemTest {
    /**
     * Ten seconds rather than a minute: the test must see two firings, and the interval form
     * gives the same "fires on its own" path without a two-minute test.
     */
    private static final String TICK = """
              - id: tick
                tenant: acme
                graph: builtin:echo
                cron: "@every 10s"
                owner: ops@acme.test
                input: {messages: [{role: user, content: tick}]}
            """;
    /** Once a year: it fires here only when triggered through the admin API. */
    private static final String ON_DEMAND = """
              - id: on-demand
                tenant: acme
                graph: builtin:echo
                cron: "0 0 1 1 *"
                owner: reports@acme.test
                input: {messages: [{role: user, content: on demand}]}
            """;
    private static final String DRIFTED = """
              - id: drifted
                tenant: acme
                graph: builtin:echo
                cron: "0 0 1 1 *"
                owner: ops@acme.test
            """;

    private static Path file;
    private static SystemUnderTest system;
    private static WorkflowServiceStubs stubs;
    private static ScheduleClient schedules;
    private static String admin;
    private static String reader;

    @BeforeAll
    static void start() throws IOException {
        file = Files.createTempFile("schedules", ".yml");
        Files.writeString(file, "schedules:\n" + TICK + ON_DEMAND + DRIFTED);
        system = SystemUnderTest.startAll(
                ConfigOverride.config("schedules.file", file.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true"));
        admin = system.issueKey("acme", "oncall@acme.test", "admin");
        reader = system.issueKey("acme", "dashboard@acme.test", "runs:read");
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        stubs = factory.buildStubs();
        schedules = factory.buildScheduleClient(stubs);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> system.count("select count(*) from schedule_declarations") == 3
                        && new TemporalSchedules(schedules).describe("graph-launch:acme:drifted").isPresent());
    }

    @AfterAll
    static void stop() throws IOException {
        // Leave the shared Temporal server without schedules that would keep firing into other tests.
        Files.writeString(file, "schedules: []\n");
        applier().apply(file, line -> {});
        system.close();
        stubs.shutdown();
        Files.deleteIfExists(file);
    }

    private static ScheduleApplier applier() {
        return new ScheduleApplier(new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(null))),
                new TemporalSchedules(schedules), system.jdbi());
    }

    private static List<Map<String, Object>> runsOf(String scheduleId) {
        return system.jdbi().withHandle(handle -> handle.createQuery(
                        "select id::text as id, workflow_id, idempotency_key, trigger_ref, run_kind, trigger_source,"
                                + " requested_by, grant_ref, status, error_code, error_message, attempt"
                                + " from graph_runs where trigger_ref like :prefix order by created_at")
                .bind("prefix", scheduleId + "@%").mapToMap().list());
    }

    @Test
    void triggeredScheduleRunsThroughTheSamePathAsApiRunsWithScheduleProvenance() {
        Reply triggered = system.http().postJson("/api/v1/admin/schedules/on-demand/trigger", admin, Map.of(), Map.of());
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> runsOf("on-demand").stream()
                .anyMatch(run -> "succeeded".equals(run.get("status"))));

        Map<String, Object> run = runsOf("on-demand").get(0);
        assertThat(run.get("run_kind")).isEqualTo("system_scheduled");
        assertThat(run.get("trigger_source")).isEqualTo("temporal_schedule");
        assertThat(run.get("requested_by")).isEqualTo("reports@acme.test");
        assertThat(run.get("grant_ref")).isEqualTo("schedule:on-demand");
        String time = run.get("trigger_ref").toString().substring("on-demand@".length());
        assertThat(Instant.parse(time)).isBetween(Instant.now().minusSeconds(120), Instant.now());
        assertThat(run.get("idempotency_key")).isEqualTo("schedule:on-demand:" + time);
        assertThat(run.get("workflow_id").toString()).startsWith("graph-run:acme:schedule:on-demand-");
        // The same execution path as API runs: an attempt row written by the internal API, and the
        // run readable through the public runs API.
        assertThat(system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)"
                + " and status = 'succeeded'", run.get("id"))).isEqualTo(1);
        JsonNode view = system.http().get("/api/v1/runs/" + run.get("id"), reader).json();
        assertThat(view.path("status").asText()).isEqualTo("succeeded");
        assertThat(view.path("output").path("reply").asText()).isEqualTo("on demand");
    }

    @Test
    void scheduleFiresOnItsOwnTwiceAndEachFiringIsOneRunWithItsOwnKey() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> runsOf("tick").stream()
                .filter(run -> "succeeded".equals(run.get("status"))).count() >= 2);

        List<Map<String, Object>> runs = runsOf("tick");
        assertThat(runs.stream().map(run -> run.get("idempotency_key")).distinct()).hasSize(runs.size());
        assertThat(runs.stream().map(run -> run.get("workflow_id")).distinct()).hasSize(runs.size());
        for (Map<String, Object> run : runs) {
            String time = run.get("trigger_ref").toString().substring("tick@".length());
            assertThat(run.get("idempotency_key")).isEqualTo("schedule:tick:" + time);
            // The nominal time Temporal scheduled (a multiple of the interval), not when the run started.
            assertThat(Instant.parse(time).getEpochSecond() % 10).isZero();
        }

        // The first activity retried (same workflow, same body): still one row, the same run.
        Map<String, Object> first = runs.get(0);
        String workflowId = first.get("workflow_id").toString();
        String retried = new HttpJson(system.internalUri()).send("PUT", InternalApi.runByWorkflow(workflowId),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, SystemUnderTest.SERVICE_TOKEN, "Content-Type", "application/json"),
                HttpJson.toJson(Map.of("workflowId", workflowId, "idempotencyKey", first.get("idempotency_key"),
                        "triggerRef", first.get("trigger_ref"), "run", Map.of("tenantId", "acme", "graphId", "builtin:echo",
                                "runKind", "system_scheduled", "triggerSource", "temporal_schedule", "triggerRef", "tick",
                                "requestedBy", "ops@acme.test", "grantRef", "schedule:tick")))).body();
        assertThat(retried).contains(first.get("id").toString());
        assertThat(system.count("select count(*) from graph_runs where workflow_id = ?", workflowId)).isEqualTo(1);
    }

    @Test
    void aRunFiredByAScheduleRemovedFromTheFileEndsSkippedAndExecutesNothing() throws IOException {
        // Fired while no worker runs, removed from the file (and from Temporal) before one picks it up.
        system.stopWorker();
        schedules.getHandle("graph-launch:acme:drifted").trigger();
        await().atMost(Duration.ofSeconds(20)).until(() -> !schedules.getHandle("graph-launch:acme:drifted")
                .describe().getInfo().getRecentActions().isEmpty());
        Path withoutDrifted = Files.createTempFile("schedules", ".yml");
        Files.writeString(withoutDrifted, "schedules:\n" + TICK + ON_DEMAND);
        applier().apply(withoutDrifted, line -> {});
        Files.delete(withoutDrifted);
        system.startWorker();

        await().atMost(Duration.ofSeconds(60)).until(() -> runsOf("drifted").stream()
                .anyMatch(run -> "skipped".equals(run.get("status"))));

        Map<String, Object> run = runsOf("drifted").get(0);
        assertThat(run.get("error_code")).isEqualTo("grant_revoked");
        assertThat(run.get("error_message")).isEqualTo("schedule 'drifted' is no longer declared in the schedules file");
        assertThat(run.get("attempt")).isEqualTo(0);
        assertThat(system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)", run.get("id")))
                .isZero();
    }
}
