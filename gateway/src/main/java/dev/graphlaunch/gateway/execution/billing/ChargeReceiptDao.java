package dev.graphlaunch.gateway.execution.billing;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

public interface ChargeReceiptDao {

    /** @return 1 for a new receipt, 0 when this usage unit was billed already */
    @SqlUpdate("insert into charge_receipts (tenant_id, run_id, attempt, usage_unit_id, source_system,"
            + " source_reference, graph_id, model, tokens_in, tokens_out, cost, credits, estimated)"
            + " values (:tenantId, :runId, :attempt, :usageUnitId, :sourceSystem, :sourceReference, :graphId,"
            + " :model, :tokensIn, :tokensOut, :cost, :credits, :estimated)"
            + " on conflict (source_system, source_reference) do nothing")
    int insert(@BindMethods ChargeReceipt receipt);

    /** All of an attempt's receipts, or none. */
    @Transaction
    default void insertAll(List<ChargeReceipt> receipts) {
        receipts.forEach(this::insert);
    }
}
