package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code graph_runs}. {@code <statusRank>} is {@link RunStatus#sqlRank} of the status column,
 * defined once for every statement ({@code Database#configure}), so "forward only" is one atomic
 * comparison in SQL whose ranks come from the enum.
 */
@RegisterConstructorMapper(GraphRun.class)
public interface GraphRunDao {

    String COLUMNS = "id, tenant_id, graph_id, workflow_id, idempotency_key, request_fingerprint, run_kind,"
            + " trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status, attempt,"
            + " output, error_code, error_message, trace_id, rerun_of, created_at, started_at, finished_at";

    /** Shared with {@code RunStarts}, the accept path's own small DAO, so both say the same. */
    String INSERT = """
            insert into graph_runs (id, tenant_id, graph_id, workflow_id, idempotency_key, request_fingerprint,
                run_kind, trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status)
            values (:id, :tenantId, :graphId, :workflowId, :idempotencyKey, :requestFingerprint, :runKind,
                :triggerSource, :triggerRef, :requestedBy, :triggerMetadata, :grantRef, :input, :status)
            on conflict do nothing
            returning\s""" + COLUMNS;

    String FIND_BY_KEY = "select " + COLUMNS
            + " from graph_runs where tenant_id = :tenantId and idempotency_key = :idempotencyKey";

    /** @return the new run, or empty when a run with that workflow id or key exists */
    default Optional<GraphRun> insert(NewGraphRun run) {
        return insert(run, RunStatus.ACCEPTED);
    }

    @SqlQuery(INSERT)
    Optional<GraphRun> insert(@BindMethods NewGraphRun run, RunStatus status);

    @SqlQuery("select " + COLUMNS + " from graph_runs where id = :id")
    Optional<GraphRun> findById(UUID id);

    @SqlQuery("select " + COLUMNS + " from graph_runs where id = :id and tenant_id = :tenantId")
    Optional<GraphRun> findForTenant(String tenantId, UUID id);

    @SqlQuery(FIND_BY_KEY)
    Optional<GraphRun> findByKey(String tenantId, String idempotencyKey);

    @SqlQuery("select " + COLUMNS + " from graph_runs where workflow_id = :workflowId")
    Optional<GraphRun> findByWorkflowId(String workflowId);

    /** Moves to {@code queued} or {@code running}; a run already further along is left alone. */
    default int advance(UUID id, RunStatus status) {
        return advance(id, status, status.rank(), RunStatus.RUNNING);
    }

    @SqlUpdate("""
            update graph_runs set status = :status,
                started_at = case when :status = :running then coalesce(started_at, now()) else started_at end
            where id = :id and <statusRank> < :rank""")
    int advance(UUID id, RunStatus status, int rank, RunStatus running);

    /** {@link #advance} for a batch: one statement for all the runs the outbox relay started together. */
    default int advanceAll(Collection<UUID> ids, RunStatus status) {
        return advanceAll(ids.stream().map(UUID::toString).toArray(String[]::new), status, status.rank());
    }

    @SqlUpdate("""
            update graph_runs set status = :status
            where id = any(cast(:ids as uuid[])) and <statusRank> < :rank""")
    int advanceAll(String[] ids, RunStatus status, int rank);

    /** Of {@code ids}, the runs that have ended. */
    default List<UUID> endedAmong(Collection<UUID> ids) {
        return endedAmong(ids.stream().map(UUID::toString).toArray(String[]::new), RunStatus.FINAL_RANK);
    }

    @SqlQuery("select id from graph_runs where id = any(cast(:ids as uuid[])) and <statusRank> >= :finalRank")
    List<UUID> endedAmong(String[] ids, int finalRank);

    /**
     * Ends a run whose workflow never started, {@code failed} with {@code errorCode}. Only a run still
     * {@code accepted}: one that moved on has a workflow after all (a start went through but its
     * confirmation was lost), and that workflow ends it.
     *
     * @return 1 when the run was ended here
     */
    default int failUnstarted(UUID id, ErrorCode errorCode, String errorMessage) {
        return failUnstarted(id, RunStatus.FAILED, errorCode, errorMessage, RunStatus.ACCEPTED);
    }

    @SqlUpdate("""
            update graph_runs set status = :failed, error_code = :errorCode, error_message = :errorMessage,
                finished_at = now()
            where id = :id and status = :accepted""")
    int failUnstarted(UUID id, RunStatus failed, ErrorCode errorCode, String errorMessage, RunStatus accepted);

    /**
     * Raises the fence ({@code graph_runs.attempt}) to {@code attempt} and marks the run running.
     * Only the newest attempt of a run that has not ended gets it; every write of an attempt checks
     * the fence under the run row's lock ({@link #lockFence}), so a fenced-off attempt writes nothing.
     *
     * @return 1 when this attempt now holds the fence, 0 when a later attempt or the run's end came first
     */
    default int raiseFence(UUID id, int attempt) {
        return raiseFence(id, attempt, RunStatus.RUNNING, RunStatus.RUNNING.rank(), RunStatus.FINAL_RANK);
    }

    @SqlUpdate("""
            update graph_runs set attempt = :attempt,
                status = case when <statusRank> < :runningRank then :running else status end,
                started_at = coalesce(started_at, now())
            where id = :id and attempt < :attempt and <statusRank> < :finalRank""")
    int raiseFence(UUID id, int attempt, RunStatus running, int runningRank, int finalRank);

    /**
     * Locks the run row until commit (the same lock {@link #raiseFence} and {@link #finish} need)
     * and tells whether {@code attempt} still holds the fence.
     */
    default boolean holdsFence(UUID id, int attempt) {
        return holdsFence(id, attempt, RunStatus.FINAL_RANK, AttemptStatus.RUNNING).orElse(false);
    }

    /** Also false once the attempt's own row is no longer running (it timed out and was recorded). */
    @SqlQuery("""
            select r.attempt = :attempt and <statusRank> < :finalRank and exists (select 1 from graph_run_attempts a
                where a.run_id = r.id and a.attempt = :attempt and a.status = :running)
            from graph_runs r where r.id = :id
            for no key update of r""")
    Optional<Boolean> holdsFence(UUID id, int attempt, int finalRank, AttemptStatus running);

    /**
     * Moves to a final status once; a run that already ended keeps its first ending. A workflow
     * ending a run {@code cancelled} does not know who asked; the request recorded by the cancel
     * control ({@code cancel_requested_by}) names them.
     */
    default int finish(UUID id, RunStatus status, JsonNode output, String errorCode, String errorMessage) {
        return finish(id, status, output, errorCode, errorMessage, RunStatus.FINAL_RANK, RunStatus.CANCELLED,
                ErrorCode.CANCELLED);
    }

    @SqlUpdate("""
            update graph_runs set status = :status, output = :output,
                error_code = coalesce(:errorCode, case when :status = :cancelled then :cancelledCode end),
                error_message = coalesce(:errorMessage, case when :status = :cancelled
                    then 'cancelled by ' || coalesce(cancel_requested_by, 'an operator in Temporal') end),
                finished_at = now(), started_at = coalesce(started_at, now())
            where id = :id and <statusRank> < :finalRank""")
    int finish(UUID id, RunStatus status, JsonNode output, String errorCode, String errorMessage, int finalRank,
            RunStatus cancelled, ErrorCode cancelledCode);

    /** Newest first; a null filter matches everything; the cursor is the last row of the previous page. */
    @SqlQuery("select " + COLUMNS + " from graph_runs" + """
             where tenant_id = :tenantId
              and (cast(:status as text) is null or status = :status)
              and (cast(:runKind as text) is null or run_kind = :runKind)
              and (cast(:triggerSource as text) is null or trigger_source = :triggerSource)
              and (cast(:graphId as text) is null or graph_id = :graphId)
              and (cast(:cursorId as uuid) is null
                   or (created_at, id) < (cast(:cursorCreatedAt as timestamptz), cast(:cursorId as uuid)))
            order by created_at desc, id desc limit :limit""")
    List<GraphRun> list(String tenantId, @BindMethods RunFilter filter, OffsetDateTime cursorCreatedAt,
            UUID cursorId, int limit);

    /** @throws RunNotFoundException when the id is malformed or names no run */
    default GraphRun require(RunId runId) {
        return findById(runId.require()).orElseThrow(() -> new RunNotFoundException(runId.raw()));
    }

    /** @throws RunNotFoundException also for a run of another tenant: it does not exist for the caller */
    default GraphRun requireForTenant(String tenantId, RunId runId) {
        return findForTenant(tenantId, runId.require()).orElseThrow(() -> new RunNotFoundException(runId.raw()));
    }
}
