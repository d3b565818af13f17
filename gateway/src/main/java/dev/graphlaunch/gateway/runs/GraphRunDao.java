package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(GraphRun.class)
public interface GraphRunDao {

    String COLUMNS = "id, tenant_id, graph_id, workflow_id, idempotency_key, request_fingerprint, run_kind,"
            + " trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status, attempt,"
            + " output, error_code, error_message, trace_id, rerun_of, created_at, started_at, finished_at";

    /** A rank per status, so "forward only" is one atomic comparison in SQL. */
    String RANK = "(case status when 'accepted' then 0 when 'queued' then 1 when 'running' then 2 else 3 end)";

    /** @return 1 when the run was inserted, 0 when a run with that workflow id or key exists. */
    @SqlUpdate("insert into graph_runs (id, tenant_id, graph_id, workflow_id, idempotency_key, request_fingerprint,"
            + " run_kind, trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status)"
            + " values (:id, :tenantId, :graphId, :workflowId, :idempotencyKey, :requestFingerprint, :runKind,"
            + " :triggerSource, :triggerRef, :requestedBy, :triggerMetadata, :grantRef, :input, :status)"
            + " on conflict do nothing")
    int insert(@BindMethods GraphRun run);

    @SqlQuery("select " + COLUMNS + " from graph_runs where id = :id")
    Optional<GraphRun> findById(@Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + " from graph_runs where id = :id and tenant_id = :tenantId")
    Optional<GraphRun> findForTenant(@Bind("tenantId") String tenantId, @Bind("id") UUID id);

    @SqlQuery("select " + COLUMNS + " from graph_runs where tenant_id = :tenantId and idempotency_key = :key")
    Optional<GraphRun> findByKey(@Bind("tenantId") String tenantId, @Bind("key") String idempotencyKey);

    @SqlQuery("select " + COLUMNS + " from graph_runs where workflow_id = :workflowId")
    Optional<GraphRun> findByWorkflowId(@Bind("workflowId") String workflowId);

    /** Moves to {@code queued} or {@code running}; a run already further along is left alone. */
    @SqlUpdate("update graph_runs set status = :status,"
            + " started_at = case when :status = 'running' then coalesce(started_at, now()) else started_at end"
            + " where id = :id and " + RANK + " < :rank")
    int advance(@Bind("id") UUID id, @Bind("status") String status, @Bind("rank") int rank);

    /** Records that attempt {@code attempt} began; the counter never goes down. */
    @SqlUpdate("update graph_runs set attempt = greatest(attempt, :attempt),"
            + " status = case when " + RANK + " < 2 then 'running' else status end,"
            + " started_at = coalesce(started_at, now())"
            + " where id = :id")
    int recordAttempt(@Bind("id") UUID id, @Bind("attempt") int attempt);

    /**
     * Moves to a final status once; a run that already ended keeps its first ending. A workflow
     * ending a run {@code cancelled} does not know who asked; the request recorded by the cancel
     * control ({@code cancel_requested_by}) names them.
     */
    @SqlUpdate("update graph_runs set status = :status, output = :output,"
            + " error_code = coalesce(:errorCode, case when :status = 'cancelled' then 'cancelled' end),"
            + " error_message = coalesce(:errorMessage, case when :status = 'cancelled' then 'cancelled by '"
            + "   || coalesce(cancel_requested_by, 'an operator in Temporal') end),"
            + " finished_at = now(), started_at = coalesce(started_at, now())"
            + " where id = :id and " + RANK + " < 3")
    int finish(@Bind("id") UUID id, @Bind("status") String status, @Bind("output") JsonNode output,
            @Bind("errorCode") String errorCode, @Bind("errorMessage") String errorMessage);

    /** Newest first; a null filter matches everything; the cursor is the last row of the previous page. */
    @SqlQuery("select " + COLUMNS + " from graph_runs where tenant_id = :tenantId"
            + " and (cast(:status as text) is null or status = :status)"
            + " and (cast(:runKind as text) is null or run_kind = :runKind)"
            + " and (cast(:triggerSource as text) is null or trigger_source = :triggerSource)"
            + " and (cast(:graphId as text) is null or graph_id = :graphId)"
            + " and (cast(:cursorId as uuid) is null or (created_at, id) < (cast(:cursorCreatedAt as timestamptz), cast(:cursorId as uuid)))"
            + " order by created_at desc, id desc limit :limit")
    List<GraphRun> list(@Bind("tenantId") String tenantId, @BindMethods RunFilter filter,
            @Bind("cursorCreatedAt") OffsetDateTime cursorCreatedAt, @Bind("cursorId") UUID cursorId,
            @Bind("limit") int limit);

    /** @throws RunNotFoundException when the id is malformed or names no run */
    default GraphRun require(String runId) {
        return RunNotFoundException.parse(runId).flatMap(this::findById)
                .orElseThrow(() -> new RunNotFoundException(runId));
    }

    /** @throws RunNotFoundException also for a run of another tenant: it does not exist for the caller */
    default GraphRun requireForTenant(String tenantId, String runId) {
        return RunNotFoundException.parse(runId).flatMap(id -> findForTenant(tenantId, id))
                .orElseThrow(() -> new RunNotFoundException(runId));
    }
}
