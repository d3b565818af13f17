package dev.graphlaunch.gateway.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL out of reach: nothing was committed, so the client may safely retry later. Other
 * database errors are bugs and go to {@link UnexpectedExceptionMapper}'s treatment.
 */
public class DatabaseUnavailableExceptionMapper implements ExceptionMapper<JdbiException> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableExceptionMapper.class);
    private static final UnexpectedExceptionMapper UNEXPECTED = new UnexpectedExceptionMapper();

    @Override
    public Response toResponse(JdbiException e) {
        if (!isUnavailable(e)) {
            return UNEXPECTED.toResponse(e);
        }
        LOG.warn("Database unavailable: {}", e.getMessage());
        return Problem.of(503, "persistence-unavailable", "Service unavailable",
                        "The run could not be recorded right now; nothing was saved. Retry later.")
                .toResponse()
                .header("Retry-After", "5")
                .build();
    }

    static boolean isUnavailable(Throwable e) {
        return Causes.of(e).anyMatch(cause -> cause instanceof ConnectionException
                || cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")));
    }
}
