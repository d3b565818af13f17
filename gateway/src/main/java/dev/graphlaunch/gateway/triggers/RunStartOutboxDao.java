package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code run_start_outbox}: the runs whose workflow start Temporal has not confirmed yet. */
@RegisterConstructorMapper(PendingStart.class)
public interface RunStartOutboxDao {

    /** Shared with {@code RunStarts}, the accept path's own small DAO. */
    String INSERT = "insert into run_start_outbox (run_id, workflow_id, workflow_input) values (:runId, :workflowId, :input)";

    @SqlUpdate(INSERT)
    void insert(UUID runId, String workflowId, JsonNode input);

    /**
     * A start that is not due before {@code delaySeconds} (a debounced CI failure run). Its
     * {@code created_at} is when it falls due: the backlog's age and the give-up rule count from
     * then, so a start waiting out its window is never taken for a stuck one.
     */
    @SqlUpdate("""
            insert into run_start_outbox (run_id, workflow_id, workflow_input, created_at, next_attempt_at)
            values (:runId, :workflowId, :input, now() + make_interval(secs => :delaySeconds),
                now() + make_interval(secs => :delaySeconds))""")
    void insertDelayed(UUID runId, String workflowId, JsonNode input, double delaySeconds);

    /**
     * Locks the start of {@code runId} until commit if no relay has claimed it yet: a claim moves
     * {@code next_attempt_at} past {@code created_at} (the lease; a postponement likewise), which
     * nothing else does. Held, the relay skips the row, so the run's input cannot be read by its
     * workflow before this transaction ends.
     *
     * @return empty when the start was claimed (the workflow may be running) or is gone
     */
    @SqlQuery("select true from run_start_outbox where run_id = :runId and next_attempt_at = created_at for update")
    Optional<Boolean> lockUnclaimed(UUID runId);

    /**
     * Claims up to {@code limit} due starts for {@code leaseSeconds}: pushing {@code next_attempt_at}
     * past the lease is the claim, so it commits with this one statement and no transaction stays
     * open while Temporal is called. SKIP LOCKED lets several replicas claim side by side without
     * waiting on each other; a relay that dies holding a claim only delays those starts until the
     * lease runs out, when any replica claims them again.
     */
    @SqlQuery("""
            update run_start_outbox o set next_attempt_at = now() + make_interval(secs => :leaseSeconds)
            from (select run_id from run_start_outbox where next_attempt_at <= now()
                  order by next_attempt_at limit :limit for update skip locked) due
            where o.run_id = due.run_id
            returning o.run_id, o.workflow_id, o.workflow_input, o.attempts, o.created_at""")
    List<PendingStart> claimDue(int limit, double leaseSeconds);

    default void delete(Collection<UUID> runIds) {
        delete(runIds.stream().map(UUID::toString).toArray(String[]::new));
    }

    @SqlUpdate("delete from run_start_outbox where run_id = any(cast(:runIds as uuid[]))")
    void delete(String[] runIds);

    @SqlUpdate("""
            update run_start_outbox set attempts = attempts + 1, last_error = :error,
                next_attempt_at = now() + make_interval(secs => :delaySeconds)
            where run_id = :runId""")
    void postpone(UUID runId, double delaySeconds, String error);

    /** Only starts that are due: a debounced start waiting out its window is not pending yet. */
    @SqlQuery("""
            select count(*) as pending, min(created_at) as oldest from run_start_outbox
            where created_at <= now()""")
    @RegisterConstructorMapper(Backlog.class)
    Backlog backlog();

    /** Pending starts per tenant, for the accept path's per-tenant bound (see {@link StartBacklog}). */
    @SqlQuery("""
            select r.tenant_id, count(*) as pending from run_start_outbox o join graph_runs r on r.id = o.run_id
            where o.created_at <= now()
            group by r.tenant_id""")
    @KeyColumn("tenant_id")
    @ValueColumn("pending")
    Map<String, Long> pendingPerTenant();

    /** @param oldest when the oldest pending start was accepted; null when nothing is pending */
    record Backlog(long pending, Instant oldest) {}
}
