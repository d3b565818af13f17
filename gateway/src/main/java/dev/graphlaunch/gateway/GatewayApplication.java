package dev.graphlaunch.gateway;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.CreateApiKeyCommand;
import dev.graphlaunch.gateway.auth.RevokeApiKeyCommand;
import dev.graphlaunch.gateway.auth.ProblemUnauthorizedHandler;
import dev.graphlaunch.gateway.errors.ProblemMappers;
import dev.graphlaunch.gateway.http.BodySizeLimitFilter;
import dev.graphlaunch.gateway.http.DrainUnreadBodyFilter;
import dev.graphlaunch.gateway.http.HttpRequestMetrics;
import dev.graphlaunch.gateway.http.LogContextServletFilter;
import dev.graphlaunch.gateway.http.RequestLogContextFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import dev.graphlaunch.gateway.metrics.PrometheusServlet;
import io.dropwizard.metrics.servlets.MetricsServlet;
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
import java.util.Set;
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
        // Every error is problem+json: our mappers replace Dropwizard's {"code","message"} ones.
        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        if (config.isMigrateOnStart()) {
            migrate(config, environment);
        }
        GatewayContext context = new GatewayContext(config, environment);
        var jersey = environment.jersey();
        ProblemMappers.register(jersey);
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
        jersey.register(new ServiceTokenFilter(config.getServiceToken()));
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
