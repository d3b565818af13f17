package dev.graphlaunch.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(GraphRunAttempt.class)
public interface GraphRunAttemptDao {

    /** @return 1 when this call owns the attempt, 0 when an earlier call already began it */
    @SqlUpdate("insert into graph_run_attempts (run_id, attempt, status) values (:runId, :attempt, 'running')"
            + " on conflict do nothing")
    int begin(@Bind("runId") UUID runId, @Bind("attempt") int attempt);

    @SqlQuery("select run_id, attempt, status, output, error_code, error_message, retryable"
            + " from graph_run_attempts where run_id = :runId and attempt = :attempt")
    Optional<GraphRunAttempt> find(@Bind("runId") UUID runId, @Bind("attempt") int attempt);

    @SqlUpdate("update graph_run_attempts set status = :status, output = :output, error_code = :errorCode,"
            + " error_message = :errorMessage, retryable = :retryable, finished_at = now()"
            + " where run_id = :runId and attempt = :attempt and status = 'running'")
    void finish(@Bind("runId") UUID runId, @Bind("attempt") int attempt, @Bind("status") String status,
            @Bind("output") JsonNode output, @Bind("errorCode") String errorCode,
            @Bind("errorMessage") String errorMessage, @Bind("retryable") boolean retryable);
}
