package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlaunch.gateway.errors.ProblemMappers;
import dev.graphlaunch.gateway.json.TextJsonFactory;
import dev.graphlaunch.gateway.validation.StorableParametersFilter;
import dev.graphlaunch.gateway.validation.StrictRequestJson;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.DropwizardResourceConfig;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.testing.junit5.ResourceExtension;

/**
 * {@link ResourceExtension}s set up as the gateway sets up Jersey: its own problem+json mappers
 * instead of Dropwizard's, registered by {@link ProblemMappers} itself, the same JSON settings, the
 * same refusal of unstorable query and path parameters ({@link StorableParametersFilter}), and
 * Bearer auth from {@link AuthHelper}. Register the result in a static field of a test annotated
 * with {@code @ExtendWith(DropwizardExtensionsSupport.class)}.
 */
public final class GatewayResources {
    private GatewayResources() {}

    public static ResourceExtension of(Object... resources) {
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(mapper())
                .setRegisterDefaultExceptionMappers(false);
        ProblemMappers.register(into(builder));
        AuthHelper.register(builder);
        builder.addProvider(new StorableParametersFilter());
        for (Object resource : resources) {
            builder.addResource(resource);
        }
        return builder.build();
    }

    /** As {@code GatewayApplication} configures the application's mapper (initialize, then run). */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = Jackson.newObjectMapper(new TextJsonFactory())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        StrictRequestJson.apply(mapper);
        return mapper;
    }

    /** A Jersey environment whose registrations become the extension's providers. */
    private static JerseyEnvironment into(ResourceExtension.Builder builder) {
        return new JerseyEnvironment(null, new DropwizardResourceConfig()) {
            @Override
            public void register(Object component) {
                builder.addProvider(component);
            }

            @Override
            public void register(Class<?> component) {
                builder.addProvider(component);
            }
        };
    }
}
