package dev.graphlaunch.gateway.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bugs: logged in full with an id, answered with only that id. */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        var wrapped = ProblemExceptionMapper.wrappedIn(e);
        if (wrapped.isPresent()) {
            return new ProblemExceptionMapper().toResponse(wrapped.get());
        }
        String errorId = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", errorId, e);
        return Problem.of(500, "internal", "Internal error",
                        "The gateway failed unexpectedly; error id " + errorId + ".")
                .toResponse()
                .build();
    }
}
