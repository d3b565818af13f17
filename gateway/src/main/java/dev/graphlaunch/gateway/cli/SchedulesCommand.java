package dev.graphlaunch.gateway.cli;

import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.GatewayContext;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.errors.Causes;
import dev.graphlaunch.gateway.schedules.InvalidSchedulesException;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
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
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code gateway schedules plan|apply SCHEDULES_FILE CONFIG}: plan prints what apply would change in
 * Temporal; apply does it. Both validate the whole file first and touch nothing when it is invalid.
 *
 * <p>It lives outside {@code schedules} because it composes (graph providers, pools, clients),
 * and the schedules package itself must never reach the executor (ArchitectureTest).
 */
public class SchedulesCommand extends ConfiguredCommand<GatewayConfiguration> {

    public SchedulesCommand() {
        super("schedules", "Plans or applies the ops-declared schedules file against Temporal.");
    }

    @Override
    public void configure(Subparser subparser) {
        // Before super.configure, so the gateway config comes last: schedules plan FILE CONFIG.
        subparser.addArgument("action").choices("plan", "apply").help("plan: show the changes; apply: make them");
        subparser.addArgument("schedules").metavar("SCHEDULES_FILE").help("the schedules YAML, e.g. config/schedules.yml");
        super.configure(subparser);
    }

    @Override
    protected void run(Bootstrap<GatewayConfiguration> bootstrap, Namespace namespace, GatewayConfiguration config)
            throws Exception {
        Path file = Path.of(namespace.getString("schedules"));
        if (config.isMigrateOnStart()) {
            migrate(bootstrap, config);
        }
        ManagedDataSource dataSource = config.getDatabase().build(bootstrap.getMetricRegistry(), "schedules");
        TemporalFactory temporal = config.getTemporal();
        WorkflowServiceStubs stubs = temporal.buildStubs();
        try {
            Jdbi jdbi = Database.configure(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()),
                    bootstrap.getObjectMapper());
            ScheduleApplier applier = new ScheduleApplier(
                    new ScheduleLoader(GatewayContext.catalogOf(GatewayContext.graphProviders(config))),
                    new TemporalSchedules(temporal.buildScheduleClient(stubs)), jdbi);
            String where = " (Temporal " + temporal.getAddress() + ", namespace " + temporal.getNamespace() + ")";
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
