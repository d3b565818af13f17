package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(GraphRunAttempt.class)
public interface GraphRunAttemptDao {

    /** @return 1 when this call owns the attempt, 0 when an earlier call already began it */
    default int begin(UUID runId, int attempt) {
        return begin(runId, attempt, AttemptStatus.RUNNING);
    }

    @SqlUpdate("""
            insert into graph_run_attempts (run_id, attempt, status) values (:runId, :attempt, :running)
            on conflict do nothing""")
    int begin(UUID runId, int attempt, AttemptStatus running);

    @SqlQuery("""
            select run_id, attempt, status, output, error_code, error_message, retryable
            from graph_run_attempts where run_id = :runId and attempt = :attempt""")
    Optional<GraphRunAttempt> find(UUID runId, int attempt);

    /** The output a succeeded attempt stored: the named attempt's, or the latest succeeded one's. */
    default Optional<JsonNode> succeededOutput(UUID runId, Integer attempt) {
        return succeededOutput(runId, attempt, AttemptStatus.SUCCEEDED);
    }

    @SqlQuery("""
            select output from graph_run_attempts
            where run_id = :runId and status = :succeeded and (cast(:attempt as integer) is null or attempt = :attempt)
            order by attempt desc limit 1""")
    Optional<JsonNode> succeededOutput(UUID runId, Integer attempt, AttemptStatus succeeded);

    /** The attempt lost its fence: its result is not the run's. Only a running attempt is discarded. */
    default void discard(UUID runId, int attempt, String reason) {
        discard(runId, attempt, reason, AttemptStatus.DISCARDED, AttemptStatus.RUNNING);
    }

    @SqlUpdate("""
            update graph_run_attempts set status = :discarded, error_message = :reason, retryable = true,
                finished_at = now()
            where run_id = :runId and attempt = :attempt and status = :running""")
    void discard(UUID runId, int attempt, String reason, AttemptStatus discarded, AttemptStatus running);

    /**
     * Attempts of the run still recorded {@code running} below {@code attempt} lost the fence to it:
     * a gateway died in them (nothing else would ever end their row), or they still run elsewhere
     * and will find their row no longer running.
     */
    default int discardRunningBefore(UUID runId, int attempt, String reason) {
        return discardRunningBefore(runId, attempt, reason, AttemptStatus.DISCARDED, AttemptStatus.RUNNING);
    }

    @SqlUpdate("""
            update graph_run_attempts set status = :discarded, error_message = :reason, retryable = true,
                finished_at = now()
            where run_id = :runId and attempt < :attempt and status = :running""")
    int discardRunningBefore(UUID runId, int attempt, String reason, AttemptStatus discarded, AttemptStatus running);

    /** Records the attempt's result once; an attempt that already finished keeps its first result. */
    default void finish(UUID runId, int attempt, AttemptResult result) {
        finish(runId, attempt, result, AttemptStatus.RUNNING);
    }

    @SqlUpdate("""
            update graph_run_attempts set status = :result.status, output = :result.output,
                error_code = :result.errorCode, error_message = :result.errorMessage,
                retryable = :result.retryable, finished_at = now()
            where run_id = :runId and attempt = :attempt and status = :running""")
    void finish(UUID runId, int attempt, @BindMethods("result") AttemptResult result, AttemptStatus running);
}
