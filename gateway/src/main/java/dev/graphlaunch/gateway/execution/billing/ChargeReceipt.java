package dev.graphlaunch.gateway.execution.billing;

import java.math.BigDecimal;
import java.util.UUID;

/** One row of {@code charge_receipts}: what one usage unit of one attempt cost. */
public record ChargeReceipt(
        String tenantId,
        UUID runId,
        int attempt,
        String usageUnitId,
        String sourceSystem,
        String sourceReference,
        String graphId,
        String model,
        long tokensIn,
        long tokensOut,
        BigDecimal cost,
        BigDecimal credits,
        boolean estimated) {}
