package dev.graphlaunch.gateway.execution.billing;

import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

public interface ChargeReceiptDao {

    /**
     * Writes the receipt once. {@code fenced} is decided in the same statement: true when the
     * attempt no longer holds its run's fence (a later attempt began, the run ended, or the attempt
     * was already recorded), so a provider charge of an overtaken attempt is kept, exactly once, and
     * visibly apart (docs/execution.md, "Billing an attempt that lost its fence").
     *
     * @return 1 for a new receipt, 0 when this usage unit was billed already
     */
    default int insert(ChargeReceipt receipt) {
        return insert(receipt, RunStatus.FINAL_RANK, AttemptStatus.RUNNING);
    }

    @SqlUpdate("insert into charge_receipts (tenant_id, run_id, attempt, usage_unit_id, source_system,"
            + " source_reference, graph_id, model, tokens_in, tokens_out, cost, credits, estimated, fenced)"
            + " values (:tenantId, :runId, :attempt, :usageUnitId, :sourceSystem, :sourceReference, :graphId,"
            + " :model, :tokensIn, :tokensOut, :cost, :credits, :estimated,"
            + " coalesce((select not (r.attempt = :attempt and <statusRank> < :finalRank and exists (select 1"
            + " from graph_run_attempts a where a.run_id = r.id and a.attempt = :attempt and a.status = :running))"
            + " from graph_runs r where r.id = :runId), false))"
            + " on conflict (source_system, source_reference) do nothing")
    int insert(@BindMethods ChargeReceipt receipt, int finalRank, AttemptStatus running);

    /** All of an attempt's receipts, or none. */
    @Transaction
    default void insertAll(List<ChargeReceipt> receipts) {
        receipts.forEach(this::insert);
    }
}
