package dev.graphlaunch.gateway.runs.control;

import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The statements of the operator controls: cancel requests, dropping pending starts, bulk selection. */
@RegisterConstructorMapper(GraphRun.class)
public interface RunControlDao {

    /** Waits for the relay if it is starting this run right now: then the row is gone once we get it. */
    @SqlQuery("select run_id from run_start_outbox where run_id = :runId for update")
    Optional<UUID> lockPendingStart(UUID runId);

    @SqlUpdate("delete from run_start_outbox where run_id = :runId")
    int deletePendingStart(UUID runId);

    /** Ends a run no workflow has recorded as started (accepted or queued); 0 when it got further. */
    @SqlUpdate("update graph_runs set status = 'cancelled', error_code = 'cancelled', error_message = :message,"
            + " cancel_requested_by = coalesce(cancel_requested_by, :by),"
            + " cancel_requested_at = coalesce(cancel_requested_at, now()), finished_at = now()"
            + " where id = :runId and " + GraphRunDao.RANK + " < 2")
    int endNotStarted(UUID runId, String by, String message);

    /** The first request wins: a second cancel by someone else does not rewrite who asked. */
    @SqlUpdate("update graph_runs set cancel_requested_by = :by, cancel_requested_at = now()"
            + " where id = :runId and cancel_requested_by is null and " + GraphRunDao.RANK + " < 3")
    int recordRequest(UUID runId, String by);

    /** Takes back a request Temporal never received, so the record does not claim one. */
    @SqlUpdate("update graph_runs set cancel_requested_by = null, cancel_requested_at = null"
            + " where id = :runId and cancel_requested_by = :by and " + GraphRunDao.RANK + " < 3")
    int withdrawRequest(UUID runId, String by);

    @SqlQuery("select cancel_requested_by as requested_by, cancel_requested_at as requested_at from graph_runs"
            + " where id = :runId and cancel_requested_by is not null")
    @RegisterConstructorMapper(CancelRequest.class)
    Optional<CancelRequest> cancelRequest(UUID runId);

    /** Links a rerun to its original; a repeated rerun request finds the link already made. */
    @SqlUpdate("update graph_runs set rerun_of = :originalId where id = :rerunId and rerun_of is null")
    int markRerunOf(UUID rerunId, UUID originalId);

    String MATCHING = " from graph_runs where tenant_id = :tenantId"
            + " and (cast(:status as text) is null or status = :status)"
            + " and (cast(:status as text) is not null or status = any(cast(:defaultStatuses as text[])))"
            + " and (cast(:graphId as text) is null or graph_id = :graphId)"
            + " and (cast(:runKind as text) is null or run_kind = :runKind)"
            + " and (cast(:triggerSource as text) is null or trigger_source = :triggerSource)"
            + " and (cast(:createdBefore as timestamptz) is null or created_at < :createdBefore)";

    @SqlQuery("select count(*)" + MATCHING)
    long countMatching(String tenantId, @BindMethods BulkSelection selection, String[] defaultStatuses);

    /** Oldest first, so repeated calls with a limit work through a backlog in order. */
    @SqlQuery("select " + GraphRunDao.COLUMNS + MATCHING + " order by created_at, id limit :limit")
    List<GraphRun> listMatching(String tenantId, @BindMethods BulkSelection selection, String[] defaultStatuses,
            int limit);

    /** The filter of a bulk control, validated: null means any. */
    record BulkSelection(String status, String graphId, String runKind, String triggerSource,
            OffsetDateTime createdBefore) {}
}
