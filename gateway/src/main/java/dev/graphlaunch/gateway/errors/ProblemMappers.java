package dev.graphlaunch.gateway.errors;

import io.dropwizard.jersey.setup.JerseyEnvironment;

/** Every exception mapper, registered in one place (Dropwizard's defaults are switched off). */
public final class ProblemMappers {
    private ProblemMappers() {}

    public static void register(JerseyEnvironment jersey) {
        jersey.register(new ProblemExceptionMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new JsonProcessingExceptionMapper());
        jersey.register(new ConstraintViolationExceptionMapper());
        jersey.register(new DatabaseUnavailableExceptionMapper());
        jersey.register(new UnexpectedExceptionMapper());
    }
}
