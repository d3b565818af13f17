package dev.graphlaunch.gateway;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.CreateApiKeyCommand;
import dev.graphlaunch.gateway.auth.RevokeApiKeyCommand;
import dev.graphlaunch.gateway.auth.ProblemUnauthorizedHandler;
import dev.graphlaunch.gateway.errors.ProblemErrorHandler;
import dev.graphlaunch.gateway.json.TextJsonFactory;
import io.dropwizard.jackson.Jackson;
import dev.graphlaunch.gateway.errors.ProblemMappers;
import dev.graphlaunch.gateway.validation.StorableParametersFilter;
import dev.graphlaunch.gateway.validation.StrictRequestJson;
import dev.graphlaunch.gateway.http.BodySizeLimitFilter;
import dev.graphlaunch.gateway.http.DrainUnreadBodyFilter;
import dev.graphlaunch.gateway.http.HttpRequestMetrics;
import dev.graphlaunch.gateway.http.LogContextServletFilter;
import dev.graphlaunch.gateway.http.RequestLogContextFilter;
import dev.graphlaunch.gateway.metrics.PrometheusServlet;
import io.dropwizard.metrics.servlets.MetricsServlet;
import dev.graphlaunch.gateway.internal.InternalConnector;
import dev.graphlaunch.gateway.internal.InternalPortFilter;
import dev.graphlaunch.gateway.internal.ServiceTokenFilter;
import dev.graphlaunch.gateway.cli.SchedulesCommand;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookResource;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import dev.graphlaunch.gateway.db.Migrations;
import io.dropwizard.migrations.MigrationsBundle;
import io.dropwizard.core.server.AbstractServerFactory;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.media.sse.SseFeature;

public class GatewayApplication extends Application<GatewayConfiguration> {

    public static void main(String[] args) throws Exception {
        new GatewayApplication().run(args);
    }

    @Override
    public String getName() {
        return "graph-launch-gateway";
    }

    @Override
    public void initialize(Bootstrap<GatewayConfiguration> bootstrap) {
        // Before anything uses the mapper: see TextJsonFactory for the Jackson bug it avoids.
        bootstrap.setObjectMapper(Jackson.newObjectMapper(new TextJsonFactory()));
        bootstrap.setConfigurationSourceProvider(substitutingEnvironment(bootstrap.getConfigurationSourceProvider()));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(GatewayConfiguration config) {
                return config.getDatabase();
            }

            @Override
            public String getMigrationsFileName() {
                return "migrations/migrations.xml";
            }
        });
        bootstrap.addCommand(new CreateApiKeyCommand());
        bootstrap.addCommand(new RevokeApiKeyCommand());
        bootstrap.addCommand(new SchedulesCommand());
    }

    /**
     * {@code ${VAR}} and {@code ${VAR:-default}} in YAML: secrets come from the environment, not the
     * file. Strict, so an unset variable without a default stops the start instead of becoming the
     * literal text "${VAR}" (which would pass as a service token).
     */
    public static ConfigurationSourceProvider substitutingEnvironment(ConfigurationSourceProvider provider) {
        return new SubstitutingSourceProvider(provider, new EnvironmentVariableSubstitutor(true));
    }

    @Override
    public void run(GatewayConfiguration config, Environment environment) {
        answerEveryRefusalAsAProblem((AbstractServerFactory) config.getServerFactory());
        // Before the server is built from the factory: the internal API gets a connector of its own.
        InternalConnector internalConnector = InternalConnector.addTo(config.getServerFactory(), config.getInternalApi());
        if (config.isMigrateOnStart()) {
            migrate(config, environment);
        }
        StrictRequestJson.apply(environment.getObjectMapper());
        GatewayContext context = new GatewayContext(config, environment);
        var jersey = environment.jersey();
        ProblemMappers.register(jersey);
        ProblemErrorHandler.install(environment);
        jersey.register(new StorableParametersFilter());
        // The webhook reads its raw body itself, under its own larger limit.
        jersey.register(new DrainUnreadBodyFilter());
        jersey.register(new BodySizeLimitFilter(config.getMaxRequestBody().toBytes(), Set.of(GitHubWebhookResource.PATH)));
        jersey.register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<ApiPrincipal>()
                .setAuthenticator(context.authenticator)
                .setPrefix("Bearer")
                .setRealm("graph-launch-gateway")
                .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                .buildAuthFilter()));
        jersey.register(new AuthValueFactoryProvider.Binder<>(ApiPrincipal.class));
        environment.servlets().addFilter("internal-connector", internalConnector.marker())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        jersey.register(new InternalPortFilter());
        jersey.register(new ServiceTokenFilter(config.getServiceTokens()));
        jersey.register(SseFeature.class);
        context.resources.forEach(jersey::register);
        context.managed.forEach(environment.lifecycle()::manage);
        environment.healthChecks().register("temporal", context.temporalHealth);
        jersey.register(new HttpRequestMetrics(context.meters));
        jersey.register(new RequestLogContextFilter());
        environment.servlets().addFilter("log-context", new LogContextServletFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        // Prometheus takes /metrics on the admin port; Dropwizard's own JSON metrics move beside it.
        environment.admin().addServlet("prometheus", new PrometheusServlet(context.meters)).addMapping("/metrics");
        environment.admin().addServlet("dropwizard-metrics", new MetricsServlet(environment.metrics()))
                .addMapping("/dropwizard-metrics");
        environment.healthChecks().register("start-backlog", context.startBacklogHealth);
        if (context.catchUpHealth != null) {
            environment.healthChecks().register("github-catch-up", context.catchUpHealth);
        }
    }

    private static void answerEveryRefusalAsAProblem(AbstractServerFactory server) {
        // Our mappers replace Dropwizard's {"code","message"} ones.
        server.setRegisterDefaultExceptionMappers(false);
        // Every standard method reaches Jersey, which refuses one a resource lacks with 405 and the
        // Allow header RFC 9110 asks for; Dropwizard's method filter answers TRACE and QUERY without.
        Set<String> methods = new TreeSet<>(server.getAllowedMethods());
        methods.addAll(Set.of("TRACE", "QUERY"));
        server.setAllowedMethods(methods);
    }

    private static void migrate(GatewayConfiguration config, Environment environment) {
        ManagedDataSource dataSource = config.getDatabase().build(environment.metrics(), "migrations");
        try {
            Migrations.apply(dataSource);
        } finally {
            try {
                dataSource.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the migration connection pool", e);
            }
        }
    }
}
