package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway applies its schedules file at start-up, then the admin API lists, pauses, unpauses
 * and triggers them, against the real Temporal dev server; and the schedule grant check follows
 * the applied declarations. No worker runs here: triggered workflows just wait in Temporal.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminSchedulesIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("admin_schedules");
    private static final Path FILE = schedulesFile();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("temporal.address", () -> TemporalDevServer.shared().address()),
            ConfigOverride.config("schedules.file", FILE.toString()),
            ConfigOverride.config("schedules.applyOnStart", "true"));
    private static final String SERVICE_TOKEN = "test-service-token-0123456789";

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String admin;
    private static String writer;
    private static String otherAdmin;
    private static WorkflowServiceStubs stubs;
    private static ScheduleClient schedules;

    private static Path schedulesFile() {
        try {
            Path file = Files.createTempFile("admin-schedules", ".yml");
            Files.writeString(file, """
                    schedules:
                      - id: report
                        tenant: acme
                        graph: builtin:echo
                        cron: "0 6 * * *"
                        owner: ops@acme.test
                      - id: sweep
                        tenant: acme
                        graph: builtin:echo
                        cron: "@every 30m"
                        owner: ops@acme.test
                      - id: billing
                        tenant: globex
                        graph: builtin:echo
                        cron: "@daily"
                        owner: ops@globex.test
                    """);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        admin = keys.issue("acme", "oncall@acme.test", List.of("admin"), "").key();
        writer = keys.issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "builtin:*"), "").key();
        otherAdmin = keys.issue("globex", "oncall@globex.test", List.of("admin"), "").key();
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        stubs = factory.buildStubs();
        schedules = factory.buildScheduleClient(stubs);
        // Start-up apply runs in the background: wait until it has declared and created all three.
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabases.count(jdbi, "schedule_declarations") == 3
                && new TemporalSchedules(schedules).describe("graph-launch:globex:billing").isPresent());
    }

    @AfterAll
    static void tearDown() {
        stubs.shutdown();
    }

    private static Reply post(String path, String key, Object body) {
        return http.postJson(path, key, body, Map.of());
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/" + type);
    }

    @Test
    void listingShowsTheCallersTenantWithSpecNextFireTimesAndPauseState() {
        Reply reply = http.get("/api/v1/admin/schedules", admin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode items = reply.json().path("items");
        assertThat(items).extracting(item -> item.path("id").asText()).containsExactly("report", "sweep");
        JsonNode report = items.get(0);
        assertThat(report.path("temporalScheduleId").asText()).isEqualTo("graph-launch:acme:report");
        assertThat(report.path("spec").path("cron").asText()).isEqualTo("0 6 * * *");
        assertThat(report.path("spec").path("overlap").asText()).isEqualTo("skip");
        assertThat(report.path("owner").asText()).isEqualTo("ops@acme.test");
        assertThat(report.path("nextActionTimes")).isNotEmpty();
        assertThat(report.path("nextActionTimes").get(0).asText()).endsWith("T06:00:00Z");
        assertThat(report.path("inTemporal").asBoolean()).isTrue();
        assertThat(report.has("paused")).isTrue();
        assertThat(report.has("recentActions")).isTrue();
    }

    @Test
    void aDeclaredScheduleMissingInTemporalIsListedAsMissing() {
        schedules.getHandle("graph-launch:globex:billing").delete();

        Reply reply = http.get("/api/v1/admin/schedules", otherAdmin);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode billing = reply.json().path("items").get(0);
        assertThat(reply.json().path("items")).hasSize(1);
        assertThat(billing.path("id").asText()).isEqualTo("billing");
        assertThat(billing.path("inTemporal").asBoolean()).isFalse();
        assertThat(billing.path("nextActionTimes")).isEmpty();
        assertProblem(post("/api/v1/admin/schedules/billing/trigger", otherAdmin, Map.of()), 404, "schedule-not-found");
    }

    @Test
    void adminScopeIsRequired() {
        assertProblem(http.get("/api/v1/admin/schedules", writer), 403, "missing-scope");
        assertProblem(http.get("/api/v1/admin/schedules", null), 401, "unauthorized");
        assertProblem(post("/api/v1/admin/schedules/report/trigger", writer, Map.of()), 403, "missing-scope");
    }

    @Test
    void unknownOrOtherTenantsScheduleIs404() {
        assertProblem(post("/api/v1/admin/schedules/nope/trigger", admin, Map.of()), 404, "schedule-not-found");
        assertProblem(post("/api/v1/admin/schedules/billing/pause", admin, Map.of()), 404, "schedule-not-found");
    }

    @Test
    void triggerStartsTheActionAtOnceAndItShowsAsARecentAction() {
        Reply reply = post("/api/v1/admin/schedules/report/trigger", admin, Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().path("temporalScheduleId").asText()).isEqualTo("graph-launch:acme:report");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode report = http.get("/api/v1/admin/schedules", admin).json().path("items").get(0);
            assertThat(report.path("recentActions")).isNotEmpty();
            assertThat(report.path("recentActions").get(0).path("workflowId").asText())
                    .startsWith("graph-run:acme:schedule:report-");
        });
    }

    @Test
    void pauseWithANoteStopsTheGrantAndUnpauseRestoresIt() {
        String runId = scheduledRun("sweep");
        assertThat(grantCheck(runId).path("allowed").asBoolean()).isTrue();

        Reply paused = post("/api/v1/admin/schedules/sweep/pause", admin, Map.of("note", "incident 7"));

        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().path("paused").asBoolean()).isTrue();
        assertThat(paused.json().path("note").asText()).isEqualTo("incident 7");
        assertThat(schedules.getHandle("graph-launch:acme:sweep").describe().getSchedule().getState().isPaused()).isTrue();
        JsonNode denied = grantCheck(runId);
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.path("reason").asText()).contains("paused", "incident 7");
        assertProblem(post("/api/v1/admin/schedules/sweep/trigger", admin, Map.of()), 409, "schedule-paused");

        // As an operator would type it: no body, no content type.
        Reply unpaused = http.send("POST", "/api/v1/admin/schedules/sweep/unpause",
                Map.of("Authorization", "Bearer " + admin), null);

        assertThat(unpaused.status()).as(unpaused.body()).isEqualTo(200);
        assertThat(unpaused.json().path("paused").asBoolean()).isFalse();
        assertThat(unpaused.json().path("note").asText()).contains("oncall@acme.test");
        assertThat(grantCheck(runId).path("allowed").asBoolean()).isTrue();
    }

    @Test
    void aRunOfAScheduleNoLongerDeclaredIsDenied() {
        String runId = scheduledRun("removed-from-the-file");

        JsonNode decision = grantCheck(runId);

        assertThat(decision.path("allowed").asBoolean()).isFalse();
        assertThat(decision.path("reason").asText()).isEqualTo(
                "schedule 'removed-from-the-file' is no longer declared in the schedules file");
    }

    /** What the workflow's first activity sends for a scheduled start; returns the new run's id. */
    private static String scheduledRun(String scheduleId) {
        GraphRunInput input = new GraphRunInput("acme", "builtin:echo", JsonNodeFactory.instance.objectNode(),
                RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE, scheduleId, "ops@acme.test",
                "schedule:" + scheduleId, null);
        String time = "2026-01-01T00:00:00Z-" + UUID.randomUUID();
        String workflowId = "graph-run:acme:schedule:" + scheduleId + "-" + time;
        RecordRunStarted started = new RecordRunStarted(workflowId, "schedule:" + scheduleId + ":" + time,
                scheduleId + "@" + time, null, input);
        Reply reply = InternalApiPort.client(APP).send("PUT", InternalApi.runByWorkflow(workflowId),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN, "Content-Type", "application/json"),
                HttpJson.toJson(started));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("runId").asText();
    }

    private static JsonNode grantCheck(String runId) {
        Reply reply = InternalApiPort.client(APP).send("POST", InternalApi.grantCheck(runId),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
