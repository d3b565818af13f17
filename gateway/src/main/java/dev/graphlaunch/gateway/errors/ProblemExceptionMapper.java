package dev.graphlaunch.gateway.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Optional;

public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    /**
     * A problem thrown where a library wrapped it (the body-size limit fires inside Jackson's read,
     * which reports it as a mapping error): the problem, not the wrapper, is what the client needs.
     */
    static Optional<ProblemException> wrappedIn(Throwable e) {
        return Causes.find(e.getCause(), ProblemException.class);
    }

    @Override
    public Response toResponse(ProblemException e) {
        ProblemType problem = e.problem();
        Response.ResponseBuilder response =
                Problem.of(problem.status(), problem.type(), problem.title(), e.getMessage()).toResponse();
        problem.headers().forEach(response::header);
        e.headers().forEach(response::header);
        // Whole seconds, at least one: Retry-After takes delay-seconds (RFC 9110 §10.2.3).
        e.retryAfter().ifPresent(wait -> response.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
        return response.build();
    }
}
