package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(PendingStart.class)
public interface RunStartOutboxDao {

    @SqlUpdate("insert into run_start_outbox (run_id, workflow_id, workflow_input) values (:runId, :workflowId, :input)")
    void insert(UUID runId, String workflowId, JsonNode input);

    /**
     * Due starts, locked for this transaction. SKIP LOCKED lets several gateway replicas relay at
     * once without waiting on, or starting, each other's rows.
     */
    @SqlQuery("select run_id, workflow_id, workflow_input, attempts from run_start_outbox"
            + " where next_attempt_at <= now() order by next_attempt_at limit :limit for update skip locked")
    List<PendingStart> lockDue(int limit);

    @SqlQuery("select run_id, workflow_id, workflow_input, attempts from run_start_outbox"
            + " where run_id = :runId for update skip locked")
    Optional<PendingStart> lock(UUID runId);

    @SqlUpdate("delete from run_start_outbox where run_id = :runId")
    void delete(UUID runId);

    @SqlUpdate("update run_start_outbox set attempts = attempts + 1, last_error = :error,"
            + " next_attempt_at = now() + make_interval(secs => :delaySeconds) where run_id = :runId")
    void postpone(UUID runId, double delaySeconds, String error);

    @SqlQuery("select count(*) from run_start_outbox")
    long pendingCount();
}
