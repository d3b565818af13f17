package dev.graphlaunch.gateway.execution.billing;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import dev.graphlaunch.gateway.execution.GraphExecutorPort;
import dev.graphlaunch.gateway.execution.GraphInvocation;
import dev.graphlaunch.gateway.execution.GraphResult;
import dev.graphlaunch.gateway.execution.UsageFact;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BILLING_PARITY at the port: whatever triggered the run, every usage fact of every attempt becomes
 * one charge receipt, keyed by {@code {runId}/{attempt}/{usageUnitId}} so a repeat bills nothing.
 * Usage reported with a failure is billed too (it was spent). Receipts are written before the
 * attempt reports back, so a result nobody could bill for is never reported as a success.
 */
public class BillingGraphExecutorDecorator implements GraphExecutorPort {
    public static final String VIOLATIONS_METRIC = "billing.usage-without-unit-id";
    private static final Logger LOG = LoggerFactory.getLogger(BillingGraphExecutorDecorator.class);

    private final GraphExecutorPort delegate;
    private final ChargeReceiptDao receipts;
    private final BigDecimal creditsPerCostUnit;
    private final Counter violations;
    private final GatewayMetrics gatewayMetrics;

    public BillingGraphExecutorDecorator(GraphExecutorPort delegate, ChargeReceiptDao receipts, BigDecimal creditsPerCostUnit,
            MetricRegistry metrics) {
        this(delegate, receipts, creditsPerCostUnit, metrics, GatewayMetrics.none());
    }

    public BillingGraphExecutorDecorator(GraphExecutorPort delegate, ChargeReceiptDao receipts, BigDecimal creditsPerCostUnit,
            MetricRegistry metrics, GatewayMetrics gatewayMetrics) {
        this.gatewayMetrics = gatewayMetrics;
        this.delegate = delegate;
        this.receipts = receipts;
        this.creditsPerCostUnit = creditsPerCostUnit;
        this.violations = metrics.counter(VIOLATIONS_METRIC);
    }

    @Override
    public GraphResult execute(GraphInvocation invocation) {
        GraphResult result;
        try {
            result = delegate.execute(invocation);
        } catch (GraphExecutionException failure) {
            bill(invocation, failure.usage());
            throw failure;
        }
        bill(invocation, result.usage());
        return result;
    }

    private void bill(GraphInvocation invocation, List<UsageFact> usage) {
        List<ChargeReceipt> receipts = usage.stream()
                .filter(fact -> hasUnitId(invocation, fact))
                .map(fact -> receipt(invocation, fact))
                .toList();
        if (!receipts.isEmpty()) {
            this.receipts.insertAll(receipts);
            receipts.forEach(receipt -> gatewayMetrics.charged(receipt.sourceSystem(), receipt.cost(), receipt.credits()));
        }
    }

    /** Without a unit id a repeat could not be recognised, so billing it would risk double charges. */
    private boolean hasUnitId(GraphInvocation invocation, UsageFact fact) {
        if (fact.unitId() != null && !fact.unitId().isBlank()) {
            return true;
        }
        violations.inc();
        gatewayMetrics.usageWithoutUnitId();
        LOG.error("Invariant violation: graph {} reported usage without a unit id in run {} attempt {}"
                        + " (source {}, model {}, tokens {}/{}, cost {}); no receipt written",
                invocation.graphId(), invocation.runId(), invocation.attempt(), fact.sourceSystem(), fact.model(),
                fact.tokensIn(), fact.tokensOut(), fact.cost());
        return false;
    }

    private ChargeReceipt receipt(GraphInvocation invocation, UsageFact fact) {
        BigDecimal cost = fact.cost() == null ? BigDecimal.ZERO : fact.cost();
        return new ChargeReceipt(invocation.tenantId(), invocation.runId(), invocation.attempt(), fact.unitId(),
                fact.sourceSystem(), invocation.sourceReference(fact.unitId()), invocation.graphId().toString(),
                fact.model(), fact.tokensIn(), fact.tokensOut(), cost,
                cost.multiply(creditsPerCostUnit).setScale(6, RoundingMode.HALF_UP), fact.estimated());
    }
}
