package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEvent;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunLedger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The statements of the operator controls: cancel requests, dropping pending starts, bulk
 * selection. {@code <statusRank>} is {@link RunStatus#sqlRank} of the status column, as in
 * {@link GraphRunDao}; statuses and codes are bound from the enums, never written as SQL literals.
 */
@RegisterConstructorMapper(GraphRun.class)
public interface RunControlDao {

    @CreateSqlObject
    RunEventDao events();

    /** Only to count the endings here in runs_ended, as every other ending is counted. */
    @CreateSqlObject
    RunLedger ledger();

    /**
     * Ends a run whose start is still in the outbox, so it never reaches Temporal.
     *
     * @return false when the relay already started its workflow (the pending start is gone)
     */
    @Transaction
    default boolean dropPendingStart(UUID runId, String by) {
        if (lockPendingStart(runId).isEmpty()) {
            return false;
        }
        deletePendingStart(runId);
        return endNotStarted(runId, by);
    }

    /**
     * Ends a run no workflow has recorded as started (accepted or queued), with its last event.
     *
     * @return false when it got further: then its workflow ends it
     */
    @Transaction
    default boolean endNotStarted(UUID runId, String by) {
        String message = "cancelled by " + by;
        if (endNotStarted(runId, by, message, RunStatus.CANCELLED, ErrorCode.CANCELLED, RunStatus.RUNNING.rank()) != 1) {
            return false;
        }
        // The last event of every run: streams close once they have delivered it.
        events().append(runId, RunEvent.STATUS, JsonNodeFactory.instance.objectNode()
                .put("status", RunStatus.CANCELLED.wire()).put("code", ErrorCode.CANCELLED.wire())
                .put("message", message));
        ledger().countEnding(runId);
        return true;
    }

    /** Waits for the relay if it is starting this run right now: then the row is gone once we get it. */
    @SqlQuery("select run_id from run_start_outbox where run_id = :runId for update")
    Optional<UUID> lockPendingStart(UUID runId);

    @SqlUpdate("delete from run_start_outbox where run_id = :runId")
    int deletePendingStart(UUID runId);

    @SqlUpdate("""
            update graph_runs set status = :cancelled, error_code = :code, error_message = :message,
                cancel_requested_by = coalesce(cancel_requested_by, :by),
                cancel_requested_at = coalesce(cancel_requested_at, now()), finished_at = now()
            where id = :runId and <statusRank> < :runningRank""")
    int endNotStarted(UUID runId, String by, String message, RunStatus cancelled, ErrorCode code, int runningRank);

    /** The first request wins: a second cancel by someone else does not rewrite who asked. */
    default int recordRequest(UUID runId, String by) {
        return recordRequest(runId, by, RunStatus.FINAL_RANK);
    }

    @SqlUpdate("""
            update graph_runs set cancel_requested_by = :by, cancel_requested_at = now()
            where id = :runId and cancel_requested_by is null and <statusRank> < :finalRank""")
    int recordRequest(UUID runId, String by, int finalRank);

    /** Takes back a request Temporal never received, so the record does not claim one. */
    default int withdrawRequest(UUID runId, String by) {
        return withdrawRequest(runId, by, RunStatus.FINAL_RANK);
    }

    @SqlUpdate("""
            update graph_runs set cancel_requested_by = null, cancel_requested_at = null
            where id = :runId and cancel_requested_by = :by and <statusRank> < :finalRank""")
    int withdrawRequest(UUID runId, String by, int finalRank);

    @SqlQuery("""
            select cancel_requested_by as requested_by, cancel_requested_at as requested_at from graph_runs
            where id = :runId and cancel_requested_by is not null""")
    @RegisterConstructorMapper(CancelRequest.class)
    Optional<CancelRequest> cancelRequest(UUID runId);

    /** Links a rerun to its original; a repeated rerun request finds the link already made. */
    @SqlUpdate("update graph_runs set rerun_of = :originalId where id = :rerunId and rerun_of is null")
    int markRerunOf(UUID rerunId, UUID originalId);

    String MATCHING = " from graph_runs" + """
             where tenant_id = :tenantId
              and (cast(:status as text) is null or status = :status)
              and (cast(:status as text) is not null or status = any(cast(:defaultStatuses as text[])))
              and (cast(:graphId as text) is null or graph_id = :graphId)
              and (cast(:runKind as text) is null or run_kind = :runKind)
              and (cast(:triggerSource as text) is null or trigger_source = :triggerSource)
              and (cast(:createdBefore as timestamptz) is null or created_at < :createdBefore)
            """;

    /** @param defaultStatuses wire names: the statuses matched when the selection names none */
    @SqlQuery("select count(*)" + MATCHING)
    long countMatching(String tenantId, @BindMethods BulkSelection selection, String[] defaultStatuses);

    /** Oldest first, so repeated calls with a limit work through a backlog in order. */
    @SqlQuery("select " + GraphRunDao.COLUMNS + MATCHING + " order by created_at, id limit :limit")
    List<GraphRun> listMatching(String tenantId, @BindMethods BulkSelection selection, String[] defaultStatuses,
            int limit);

    /** The filter of a bulk control, validated: null means any. */
    record BulkSelection(RunStatus status, String graphId, RunKind runKind, String triggerSource,
            OffsetDateTime createdBefore) {}
}
