package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.schedules.ScheduleChange.Kind;
import dev.graphlaunch.gateway.support.TemporalCli;
import dev.graphlaunch.gateway.support.TestCatalogs;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Acceptance 1-4 and 7 of issue 3 against the real Temporal dev server and a real PostgreSQL.
 * Every test first applies its own file, and apply makes Temporal match it, so the tests do not
 * depend on their order.
 */
class ScheduleApplyIntegrationTest {
    private static final String NIGHTLY = """
              - id: nightly-echo
                tenant: acme
                graph: builtin:echo
                cron: "%s"
                timezone: Europe/Berlin
                owner: ops@acme.test
                input: {message: nightly}
                overlap: buffer_one
                catchupWindow: 5m
                jitter: 30s
            """;
    private static final String HOURLY = """
              - id: hourly-echo
                tenant: acme
                graph: builtin:echo
                cron: "@every 1h"
                owner: ops@acme.test
                paused: %s
                note: %s
            """;

    private static TemporalDevServer temporal;
    private static TemporalCli cli;
    private static WorkflowServiceStubs stubs;
    private static ScheduleClient client;
    private static ScheduleApplier applier;
    private static String dbUrl;
    private static Jdbi jdbi;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        temporal = TemporalDevServer.shared();
        cli = new TemporalCli(temporal);
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(temporal.address());
        stubs = factory.buildStubs();
        client = factory.buildScheduleClient(stubs);
        dbUrl = TestDatabases.fresh("schedules");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(dbUrl);
        dataSource.setUser(EmbeddedDatabase.USER);
        Migrations.apply(dataSource);
        jdbi = TestDatabases.jdbi(dbUrl);
        applier = new ScheduleApplier(new ScheduleLoader(TestCatalogs.builtin()),
                new TemporalSchedules(client), jdbi);
    }

    @AfterAll
    static void stop() {
        stubs.shutdown();
    }

    private Path file(String... schedules) throws IOException {
        Path file = Files.createTempFile(dir, "schedules", ".yml");
        Files.writeString(file, "schedules:\n" + String.join("", schedules));
        return file;
    }

    private Path emptyFile() throws IOException {
        Path file = Files.createTempFile(dir, "empty", ".yml");
        Files.writeString(file, "schedules: []\n");
        return file;
    }

    private Path baseline() throws IOException {
        return file(NIGHTLY.formatted("0 2 * * *"), HOURLY.formatted("false", "null"));
    }

    private static ScheduleDescription describe(String id) {
        return client.getHandle(id).describe();
    }

    @Test
    void applyCreatesBothSchedulesAsDeclaredAndTheTemporalCliShowsThem() throws Exception {
        applier.apply(emptyFile(), line -> {});
        Path file = baseline();

        CliRun run = runCommand("apply", file);

        assertThat(run.exit()).as(run.err()).isEmpty();
        assertThat(run.out()).contains("create   acme/nightly-echo", "create   acme/hourly-echo", "Applied.");
        JsonNode nightly = cli.ok("schedule", "describe", "--schedule-id", "graph-launch:acme:nightly-echo", "-o", "json").json();
        JsonNode spec = nightly.path("schedule").path("spec");
        assertThat(spec.path("timezoneName").asText()).isEqualTo("Europe/Berlin");
        assertThat(spec.path("jitter").asText()).isEqualTo("30s");
        JsonNode calendar = spec.path("structuredCalendar").get(0);
        assertThat(calendar.path("hour").get(0).path("start").asInt()).isEqualTo(2);
        assertThat(calendar.path("comment").asText()).isEqualTo("0 2 * * *");
        JsonNode policies = nightly.path("schedule").path("policies");
        assertThat(policies.path("overlapPolicy").asText()).isEqualTo("SCHEDULE_OVERLAP_POLICY_BUFFER_ONE");
        assertThat(policies.path("catchupWindow").asText()).isEqualTo("300s");
        JsonNode action = nightly.path("schedule").path("action").path("startWorkflow");
        assertThat(action.path("workflowId").asText()).isEqualTo("graph-run:acme:schedule:nightly-echo");
        assertThat(action.path("workflowType").path("name").asText()).isEqualTo("GraphRunWorkflow");
        assertThat(action.path("taskQueue").path("name").asText()).isEqualTo("graph-runs");
        assertThat(action.path("searchAttributes").toString()).contains("TriggerSource", "RequestedBy");
        String marker = nightly.path("memo").path("fields").path("managedBy").path("data").asText();
        assertThat(new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8)).isEqualTo("\"graph-launch-gateway\"");

        JsonNode hourly = cli.ok("schedule", "describe", "--schedule-id", "graph-launch:acme:hourly-echo", "-o", "json").json();
        assertThat(hourly.path("schedule").path("spec").path("interval").get(0).path("interval").asText()).isEqualTo("3600s");
        assertThat(hourly.path("schedule").path("policies").path("overlapPolicy").asText()).isEqualTo("SCHEDULE_OVERLAP_POLICY_SKIP");
        assertThat(jdbi.withExtension(ScheduleDeclarationDao.class, ScheduleDeclarationDao::listAll)).as(run.out() + run.err())
                .extracting(ScheduleDeclaration::scheduleId).containsExactly("hourly-echo", "nightly-echo");
    }

    @Test
    void applyingTheSameFileAgainChangesNothingInTemporal() throws Exception {
        Path file = baseline();
        applier.apply(file, line -> {});
        Instant nightlyUpdated = describe("graph-launch:acme:nightly-echo").getInfo().getLastUpdatedAt();
        Instant hourlyUpdated = describe("graph-launch:acme:hourly-echo").getInfo().getLastUpdatedAt();

        CliRun plan = runCommand("plan", file);
        SchedulePlan again = applier.apply(file, line -> {});

        assertThat(plan.out()).contains("No changes: Temporal matches the file (2 schedules).");
        assertThat(again.changes()).isEmpty();
        assertThat(describe("graph-launch:acme:nightly-echo").getInfo().getLastUpdatedAt()).isEqualTo(nightlyUpdated);
        assertThat(describe("graph-launch:acme:hourly-echo").getInfo().getLastUpdatedAt()).isEqualTo(hourlyUpdated);
    }

    @Test
    void changedCronAndPausedScheduleAreExactlyTheTwoPlannedChanges() throws Exception {
        applier.apply(baseline(), line -> {});
        Path changed = file(NIGHTLY.formatted("30 3 * * 1-5"), HOURLY.formatted("true", "\"maintenance window\""));

        SchedulePlan plan = applier.plan(changed);

        assertThat(plan.changes()).hasSize(2);
        ScheduleChange update = plan.changes().stream().filter(c -> c.kind() == Kind.UPDATE).findFirst().orElseThrow();
        assertThat(update.key()).isEqualTo(new ScheduleKey("acme", "nightly-echo"));
        assertThat(update.fields()).containsExactly(new ScheduleChange.FieldChange("cron", "0 2 * * *", "30 3 * * 1-5"));
        ScheduleChange pause = plan.changes().stream().filter(c -> c.kind() == Kind.PAUSE).findFirst().orElseThrow();
        assertThat(pause.key()).isEqualTo(new ScheduleKey("acme", "hourly-echo"));
        assertThat(pause.fields()).extracting(ScheduleChange.FieldChange::field).containsExactly("paused", "note");

        applier.apply(changed, line -> {});

        ScheduleDescription hourly = describe("graph-launch:acme:hourly-echo");
        assertThat(hourly.getSchedule().getState().isPaused()).isTrue();
        assertThat(hourly.getSchedule().getState().getNote()).isEqualTo("maintenance window");
        assertThat(describe("graph-launch:acme:nightly-echo").getSchedule().getSpec().getCalendars().get(0).getComment())
                .isEqualTo("30 3 * * 1-5");
        assertThat(applier.plan(changed).changes()).isEmpty();
        assertThat(declared("hourly-echo")).get().extracting(ScheduleDeclaration::paused).isEqualTo(true);
    }

    @Test
    void removedScheduleIsDeletedAndAHandMadeOneSurvives() throws Exception {
        applier.apply(baseline(), line -> {});
        cli.run("schedule", "delete", "--schedule-id", "hand-made-report");
        cli.ok("schedule", "create", "--schedule-id", "hand-made-report", "--interval", "1h",
                "--workflow-id", "report", "--task-queue", "reports", "--type", "Report");
        Path onlyNightly = file(NIGHTLY.formatted("0 2 * * *"));

        SchedulePlan plan = applier.apply(onlyNightly, line -> {});

        assertThat(plan.changes()).containsExactly(
                new ScheduleChange(Kind.DELETE, new ScheduleKey("acme", "hourly-echo"), List.of()));
        assertThat(plan.unmanaged()).contains("hand-made-report");
        assertThat(plan.render()).contains("unmanaged hand-made-report");
        assertThat(new TemporalSchedules(client).describe("graph-launch:acme:hourly-echo")).isEmpty();
        assertThat(describe("hand-made-report").getSchedule().getSpec().getIntervals()).hasSize(1);
        assertThat(declared("hourly-echo")).isEmpty();
    }

    @Test
    void aDeclaredIdTakenByAHandMadeScheduleIsRefusedAndNothingIsApplied() throws Exception {
        applier.apply(baseline(), line -> {});
        cli.run("schedule", "delete", "--schedule-id", "graph-launch:acme:squatter");
        cli.ok("schedule", "create", "--schedule-id", "graph-launch:acme:squatter", "--interval", "1h",
                "--workflow-id", "squat", "--task-queue", "elsewhere", "--type", "Other");
        String squatter = HOURLY.formatted("false", "null").replace("hourly-echo", "squatter");
        // Schedule listings come from Temporal's visibility store, which sees a new schedule a moment later.
        await().atMost(Duration.ofSeconds(30)).until(() -> lastUpdates().containsKey("graph-launch:acme:squatter"));
        Map<String, Instant> before = lastUpdates();

        assertThatThrownBy(() -> applier.apply(file(squatter), line -> {}))
                .isInstanceOf(InvalidSchedulesException.class)
                .hasMessageContaining("acme/squatter").hasMessageContaining("not managed by this gateway");

        assertThat(lastUpdates()).isEqualTo(before);
        cli.ok("schedule", "delete", "--schedule-id", "graph-launch:acme:squatter");
    }

    @Test
    void replicasApplyingTogetherTakeTurnsAndTheSecondFindsNothingToDo() throws Exception {
        applier.apply(emptyFile(), line -> {});
        Path file = baseline();
        ScheduleApplier otherReplica = new ScheduleApplier(
                new ScheduleLoader(TestCatalogs.builtin()),
                new TemporalSchedules(client), TestDatabases.jdbi(dbUrl));
        ExecutorService replicas = Executors.newFixedThreadPool(2);

        List<Future<SchedulePlan>> applied = replicas.invokeAll(List.of(
                () -> applier.apply(file, line -> {}), () -> otherReplica.apply(file, line -> {})));
        replicas.shutdown();

        List<Integer> stepCounts = new java.util.ArrayList<>();
        for (Future<SchedulePlan> plan : applied) {
            stepCounts.add(plan.get().changes().size());
        }
        assertThat(stepCounts).containsExactlyInAnyOrder(2, 0);
        assertThat(applier.plan(file).changes()).isEmpty();
    }

    @Test
    void eachInvalidFileIsRefusedWithItsMessageAndTemporalIsUntouched() throws Exception {
        applier.apply(baseline(), line -> {});
        Map<String, Instant> before = lastUpdates();
        String valid = NIGHTLY.formatted("0 2 * * *");
        Map<String, String> invalid = Map.of(
                "schedules: [unclosed", "not valid YAML",
                valid + valid.replace("0 2 * * *", "0 4 * * *"), "schedule 'nightly-echo' field 'id': duplicate id",
                valid.replace("builtin:echo", "nope:echo"), "schedule 'nightly-echo' field 'graph': Unknown graph namespace 'nope'",
                NIGHTLY.formatted("61 2 * * *"), "schedule 'nightly-echo' field 'cron': minute '61': 61 is outside 0-59",
                NIGHTLY.formatted("@every soon"), "schedule 'nightly-echo' field 'cron': 'soon' is not a duration",
                valid.replace("Europe/Berlin", "Mars/Olympus"), "schedule 'nightly-echo' field 'timezone': 'Mars/Olympus' is not an IANA time zone",
                valid.replace("buffer_one", "whenever"), "schedule 'nightly-echo' field 'overlap': 'whenever' is not an overlap policy");
        for (Map.Entry<String, String> bad : invalid.entrySet()) {
            // The valid hourly schedule rides along: one bad entry must stop the whole file.
            Path file = Files.createTempFile(dir, "bad", ".yml");
            Files.writeString(file, bad.getKey().startsWith("schedules:") ? bad.getKey()
                    : "schedules:\n" + bad.getKey() + HOURLY.formatted("true", "x"));

            CliRun run = runCommand("apply", file);

            assertThat(run.exit()).as(bad.getValue()).isPresent();
            assertThat(run.err()).contains(file.toString()).contains(bad.getValue());
            assertThat(lastUpdates()).as(bad.getValue()).isEqualTo(before);
        }
    }

    @Test
    void everySpecFieldRoundTripsSoPlanSeesNoPhantomChanges() throws Exception {
        Path file = file("""
                  - id: windowed
                    tenant: globex
                    graph: builtin:echo
                    cron: "*/15 9-17 * JAN-MAR mon-fri"
                    timezone: America/New_York
                    owner: ops@globex.test
                    overlap: allow_all
                    catchupWindow: 0
                    startAt: 2026-01-01T00:00:00Z
                    endAt: "2030-01-01T00:00:00+01:00"
                    input: {nested: {b: 2, a: [1, "x"]}}
                """, NIGHTLY.formatted("@weekly"));

        applier.apply(file, line -> {});

        assertThat(applier.plan(file).changes()).isEmpty();
        Schedule live = describe("graph-launch:globex:windowed").getSchedule();
        assertThat(live.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(live.getSpec().getEndAt()).isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
        assertThat(((ScheduleActionStartWorkflow) live.getAction()).getOptions().getWorkflowId())
                .isEqualTo("graph-run:globex:schedule:windowed");
    }

    @Test
    void handEditedSpecIsShownAsDriftAndRepaired() throws Exception {
        Path file = baseline();
        applier.apply(file, line -> {});
        client.getHandle("graph-launch:acme:hourly-echo").update(input -> new io.temporal.client.schedules.ScheduleUpdate(
                Schedule.newBuilder(input.getDescription().getSchedule())
                        .setSpec(ScheduleSpec.newBuilder(input.getDescription().getSchedule().getSpec())
                                .setTimeZoneName("Asia/Tokyo").build())
                        .build()));

        SchedulePlan plan = applier.plan(file);

        assertThat(plan.changes()).hasSize(1);
        assertThat(plan.changes().get(0).fields()).containsExactly(new ScheduleChange.FieldChange("timezone", "Asia/Tokyo", "UTC"));
        applier.apply(file, line -> {});
        assertThat(applier.plan(file).changes()).isEmpty();
    }

    private static Optional<ScheduleDeclaration> declared(String id) {
        return jdbi.withHandle(handle -> handle.attach(ScheduleDeclarationDao.class).find("acme", id));
    }

    private static Map<String, Instant> lastUpdates() {
        return client.listSchedules().map(s -> s.getScheduleId())
                .map(id -> new TemporalSchedules(client).describe(id))
                .flatMap(Optional::stream)
                .collect(Collectors.toMap(ScheduleDescription::getId, d -> Optional.ofNullable(d.getInfo().getLastUpdatedAt())
                        .orElse(d.getInfo().getCreatedAt())));
    }

    record CliRun(Optional<Throwable> exit, String out, String err) {}

    /** Runs {@code schedules ACTION FILE CONFIG} through Dropwizard's real command line. */
    private CliRun runCommand(String action, Path schedules) throws IOException {
        Path config = dir.resolve("gateway.yml");
        String template = Files.readString(Path.of("src/test/resources/test-gateway.yml"));
        Files.writeString(config, template
                .replace("jdbc:postgresql://127.0.0.1:5432/overridden-by-test", dbUrl)
                .replace("127.0.0.1:1", temporal.address()));
        GatewayApplication application = new GatewayApplication();
        Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Optional<Throwable> exit;
        try {
            exit = new Cli(new JarLocation(getClass()), bootstrap, out, err)
                    .run("schedules", action, schedules.toString(), config.toString());
        } finally {
            System.setOut(systemOut);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
