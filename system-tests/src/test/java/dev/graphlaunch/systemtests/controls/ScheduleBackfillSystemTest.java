package dev.graphlaunch.systemtests.controls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.systemtests.console.HeadlessChromium;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.util.JarLocation;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Backfilling a schedule through the admin API: each past slot in the range runs once. */
class ScheduleBackfillSystemTest {
    private static final String HOURLY = """
            schedules:
              - id: hourly-report
                tenant: acme
                graph: builtin:echo
                cron: "0 * * * *"
                overlap: allow_all
                owner: reports@acme.test
                input: {messages: [{role: user, content: backfilled}]}
            """;

    private static Path file;
    private static SystemUnderTest system;
    private static WorkflowServiceStubs stubs;
    private static ScheduleClient schedules;
    private static String admin;

    @BeforeAll
    static void start() throws IOException {
        file = Files.createTempFile("backfill-schedules", ".yml");
        Files.writeString(file, HOURLY);
        system = SystemUnderTest.startAll(
                ConfigOverride.config("schedules.file", file.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true"));
        admin = system.issueKey("acme", "oncall@acme.test", "admin");
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        stubs = factory.buildStubs();
        schedules = factory.buildScheduleClient(stubs);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                new TemporalSchedules(schedules).describe("graph-launch:acme:hourly-report").isPresent());
    }

    @AfterAll
    static void stop() throws IOException {
        // Leave the shared Temporal server without a schedule that would fire into other tests.
        Files.writeString(file, "schedules: []\n");
        new ScheduleApplier(new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(null))),
                new TemporalSchedules(schedules), system.jdbi()).apply(file, line -> {});
        system.close();
        stubs.shutdown();
        Files.deleteIfExists(file);
    }

    @Test
    void eachSlotInTheRangeRunsOnceEvenWhenTheBackfillIsRepeated() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> range = Map.of("from", hour.minus(3, ChronoUnit.HOURS).toString(),
                "to", hour.minus(1, ChronoUnit.HOURS).toString());
        List<String> slots = List.of("hourly-report@" + hour.minus(3, ChronoUnit.HOURS),
                "hourly-report@" + hour.minus(2, ChronoUnit.HOURS));

        Reply first = system.http().postJson("/api/v1/admin/schedules/hourly-report/backfill", admin, range, Map.of());

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().path("overlap").asText()).isEqualTo("allow_all");
        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(slots) == 2);

        Reply again = system.http().postJson("/api/v1/admin/schedules/hourly-report/backfill", admin, range, Map.of());

        assertThat(again.status()).as(again.body()).isEqualTo(202);
        // Give Temporal time to act on the second backfill, then: still one run and one attempt per slot.
        await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(system.count("select count(*) from graph_runs where trigger_ref = any(cast(? as text[]))",
                (Object) slots.toArray(String[]::new))).isEqualTo(2);
        assertThat(system.count("select count(*) from graph_run_attempts a join graph_runs r on r.id = a.run_id"
                + " where r.trigger_ref = any(cast(? as text[]))", (Object) slots.toArray(String[]::new))).isEqualTo(2);
        assertThat(system.count("select count(*) from graph_runs where trigger_ref like 'hourly-report@%'"
                + " and run_kind = 'system_scheduled' and requested_by = 'reports@acme.test'")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theBackfillCommandRunsEachSlotInTheRangeOnceAndSaysWhatItHandedToTemporal() throws IOException {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = hour.minus(6, ChronoUnit.HOURS);
        Instant to = hour.minus(4, ChronoUnit.HOURS);
        List<String> slots = List.of("hourly-report@" + from, "hourly-report@" + hour.minus(5, ChronoUnit.HOURS));

        CliRun run = backfillCommand("hourly-report", "acme", from, to);

        assertThat(run.exit()).as(run.err()).isEmpty();
        assertThat(run.out()).contains("Backfill of graph-launch:acme:hourly-report from " + from + " to " + to
                + " handed to Temporal (overlap allow_all).");
        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(slots) == 2);
        assertThat(system.count("select count(*) from graph_runs where trigger_ref = any(cast(? as text[]))"
                + " and run_kind = 'system_scheduled' and requested_by = 'reports@acme.test'",
                (Object) slots.toArray(String[]::new))).isEqualTo(2);

        CliRun unknown = backfillCommand("no-such-schedule", "acme", from, to);

        assertThat(unknown.exit()).isPresent();
        assertThat(unknown.err()).contains("no-such-schedule");
    }

    @Test
    void aBackfillIntoTheFutureOrOfAnUnknownScheduleIsRefusedAndNeedsAdmin() {
        Instant now = Instant.now();
        Map<String, Object> future = Map.of("from", now.minusSeconds(60).toString(), "to", now.plusSeconds(3600).toString());
        Map<String, Object> past = Map.of("from", now.minusSeconds(7200).toString(), "to", now.minusSeconds(3600).toString());
        String reader = system.issueKey("acme", "dashboard@acme.test", "runs:read");

        assertThat(system.http().postJson("/api/v1/admin/schedules/hourly-report/backfill", admin, future, Map.of())
                .status()).isEqualTo(400);
        assertThat(system.http().postJson("/api/v1/admin/schedules/nope/backfill", admin, past, Map.of()).status())
                .isEqualTo(404);
        assertThat(system.http().postJson("/api/v1/admin/schedules/hourly-report/backfill", reader, past, Map.of())
                .status()).isEqualTo(403);
    }

    @Test
    void theConsoleShowsTheScheduleAndPausesAndUnpausesItWithANote() {
        ChromeDriver browser = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(system.uri("/console/").toString());
            browser.findElement(By.id("api-key")).sendKeys(admin);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
            browser.get(system.uri("/console/#/schedules").toString());
            By card = By.cssSelector("section[data-schedule-id='hourly-report']");
            WebElement schedule = wait.until(ExpectedConditions.visibilityOfElementLocated(card));
            assertThat(schedule.getText()).contains("builtin:echo").contains("reports@acme.test").contains("active")
                    .contains("0 * * * *");
            HeadlessChromium.screenshot(browser, "schedules");

            schedule.findElement(By.cssSelector("input[data-schedule-note='hourly-report']")).sendKeys("<b>maintenance</b>");
            schedule.findElement(By.xpath(".//button[text()='Pause']")).click();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "paused"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "<b>maintenance</b>"));
            assertThat(system.count("select count(*) from schedule_declarations where schedule_id = 'hourly-report'"
                    + " and paused and note = '<b>maintenance</b>'")).isEqualTo(1);
            browser.findElement(card).findElement(By.xpath(".//button[text()='Unpause']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "active"));
            assertThat(system.count("select count(*) from schedule_declarations where schedule_id = 'hourly-report'"
                    + " and not paused")).isEqualTo(1);
        } finally {
            browser.quit();
        }
    }

    record CliRun(Optional<Throwable> exit, String out, String err) {}

    /** {@code gateway schedules backfill ID --tenant T --from I --to I CONFIG} through Dropwizard's real command line. */
    private static CliRun backfillCommand(String scheduleId, String tenant, Instant from, Instant to) throws IOException {
        Path config = Files.createTempFile("backfill-gateway", ".yml");
        Files.writeString(config, Files.readString(Path.of("src/test/resources/system-gateway.yml"))
                .replace("jdbc:postgresql://127.0.0.1:5432/overridden-by-test", system.databaseUrl())
                .replace("address: 127.0.0.1:7233", "address: " + system.temporalAddress()));
        GatewayApplication application = new GatewayApplication();
        Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Optional<Throwable> exit;
        try {
            exit = new Cli(new JarLocation(ScheduleBackfillSystemTest.class), bootstrap, out, err).run("schedules",
                    "backfill", scheduleId, "--tenant", tenant, "--from", from.toString(), "--to", to.toString(),
                    config.toString());
        } finally {
            System.setOut(systemOut);
            Files.deleteIfExists(config);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long succeeded(List<String> slots) {
        return system.count("select count(*) from graph_runs where status = 'succeeded'"
                + " and trigger_ref = any(cast(? as text[]))", (Object) slots.toArray(String[]::new));
    }
}
