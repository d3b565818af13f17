package dev.graphlaunch.gateway.cli;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalProblems;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.errors.Causes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.priority.RunPriorities;
import dev.graphlaunch.gateway.schedules.BackfillAccepted;
import dev.graphlaunch.gateway.schedules.BackfillRequest;
import dev.graphlaunch.gateway.schedules.InvalidSchedulesException;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleBackfiller;
import dev.graphlaunch.gateway.schedules.ScheduleDeclarationDao;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.SchedulePlan;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code gateway schedules plan|apply SCHEDULES_FILE CONFIG}: plan prints what apply would change in
 * Temporal; apply does it. Both validate the whole file first and touch nothing when it is invalid.
 * {@code gateway schedules backfill SCHEDULE_ID --tenant T --from I --to I CONFIG} runs the slots of
 * one applied schedule in a past range, each once.
 *
 * <p>It lives outside {@code schedules} because it composes (graph providers, pools, clients),
 * and the schedules package itself must never reach the executor (ArchitectureTest).
 */
public class SchedulesCommand extends ConfiguredCommand<GatewayConfiguration> {
    /** Set once the configuration is read, so an error can name where and how we connected. */
    private TemporalConnection connection;

    public SchedulesCommand() {
        super("schedules", "Plans or applies the ops-declared schedules file against Temporal.");
    }

    @Override
    public void configure(Subparser subparser) {
        // Before super.configure, so the gateway config comes last: schedules plan FILE CONFIG.
        subparser.addArgument("action").choices("plan", "apply", "backfill")
                .help("plan: show the changes; apply: make them; backfill: run one schedule's past slots");
        subparser.addArgument("schedules").metavar("SCHEDULES_FILE|SCHEDULE_ID")
                .help("the schedules YAML (plan, apply), e.g. config/schedules.yml; the schedule id (backfill)");
        subparser.addArgument("--tenant").help("backfill: the schedule's tenant");
        subparser.addArgument("--from").help("backfill: first nominal time, ISO-8601 (inclusive)");
        subparser.addArgument("--to").help("backfill: end of the range, ISO-8601 (exclusive, not in the future)");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config)
            throws Exception {
        if (namespace.getString("action").equals("backfill")) {
            backfill(bootstrap, namespace, config);
            return;
        }
        Path file = Path.of(namespace.getString("schedules"));
        if (config.isMigrateOnStart()) {
            migrate(bootstrap, config);
        }
        TemporalFactory temporal = config.getTemporal();
        WorkflowServiceStubs stubs;
        try {
            connection = temporal.connection();
            stubs = temporal.buildStubs();
        } catch (IllegalArgumentException e) {
            // Bad TLS settings (a missing file, a certificate without its key): the message names them.
            throw new IllegalStateException("temporal: " + e.getMessage(), e);
        }
        ManagedDataSource dataSource = config.getDatabase().build(bootstrap.getMetricRegistry(), "schedules");
        try {
            Jdbi jdbi = Database.configure(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()),
                    bootstrap.getObjectMapper());
            ScheduleApplier applier = new ScheduleApplier(
                    new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(config))),
                    new TemporalSchedules(temporal.buildScheduleClient(stubs), new RunPriorities(config.getPriority())),
                    jdbi);
            String where = " (Temporal " + connection.describe() + ")";
            if (namespace.getString("action").equals("plan")) {
                System.out.println("Plan for " + file + where + ":");
                System.out.println(applier.plan(file).render());
            } else {
                System.out.println("Applying " + file + where + ":");
                SchedulePlan plan = applier.apply(file, System.out::println);
                System.out.println(plan.render());
                System.out.println(plan.isEmpty() ? "Nothing to do." : "Applied.");
            }
        } finally {
            stubs.shutdown();
            dataSource.stop();
        }
    }

    private static void backfill(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace,
            GatewayConfiguration config) throws Exception {
        String scheduleId = namespace.getString("schedules");
        String tenant = namespace.getString("tenant");
        if (tenant == null || namespace.getString("from") == null || namespace.getString("to") == null) {
            throw new IllegalStateException("backfill needs --tenant, --from and --to, e.g. --tenant acme"
                    + " --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z");
        }
        BackfillRequest range;
        try {
            range = new BackfillRequest(Instant.parse(namespace.getString("from")), Instant.parse(namespace.getString("to")))
                    .validated(Clock.systemUTC());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("--from and --to must be ISO-8601 instants such as 2026-11-01T00:00:00Z.", e);
        } catch (InvalidRequestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ManagedDataSource dataSource = config.getDatabase().build(bootstrap.getMetricRegistry(), "schedules");
        TemporalFactory temporal = config.getTemporal();
        WorkflowServiceStubs stubs = temporal.buildStubs();
        try {
            Jdbi jdbi = Database.configure(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()),
                    bootstrap.getObjectMapper());
            BackfillAccepted accepted = new ScheduleBackfiller(jdbi.onDemand(ScheduleDeclarationDao.class),
                            temporal.buildScheduleClient(stubs))
                    .backfill(tenant, scheduleId, range);
            System.out.println("Backfill of " + accepted.temporalScheduleId() + " from " + accepted.from() + " to "
                    + accepted.to() + " handed to Temporal (overlap " + accepted.overlap() + ").");
        } catch (ProblemException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            stubs.shutdown();
            dataSource.stop();
        }
    }

    /** A pool of its own: Liquibase hands its connection back with auto-commit off. */
    private static void migrate(Bootstrap<GatewayConfiguration> bootstrap, GatewayConfiguration config) throws Exception {
        ManagedDataSource dataSource = config.getDatabase().build(bootstrap.getMetricRegistry(), "schedules-migrations");
        try {
            Migrations.apply(dataSource);
        } finally {
            dataSource.stop();
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof InvalidSchedulesException || e instanceof IllegalStateException) {
            // The message is the whole story (file, schedule, field); a stack trace would bury it.
            cli.getStdErr().println("schedules " + namespace.getString("action") + " failed:\n" + e.getMessage());
            return;
        }
        Optional<String> problem = connection == null ? Optional.empty()
                : TemporalProblems.configurationProblem(connection, e);
        if (problem.isPresent()) {
            // TLS or credentials: retrying will not help, and the sentence says what to fix.
            cli.getStdErr().println("schedules " + namespace.getString("action") + " failed: " + problem.get());
            return;
        }
        Optional<StatusRuntimeException> grpc = Causes.find(e, StatusRuntimeException.class);
        if (grpc.isPresent()) {
            // Ops need "Temporal is not answering", not a gRPC stack trace.
            cli.getStdErr().println("schedules " + namespace.getString("action") + " failed: Temporal did not answer ("
                    + grpc.get().getStatus().getCode() + "). Check temporal.address in the config; run plan again to"
                    + " see what is left to apply.");
            return;
        }
        super.onError(cli, namespace, e);
    }
}
