package dev.graphlaunch.gateway.config;

import java.math.BigDecimal;

/**
 * {@code billing}.
 *
 * @param creditsPerCostUnit credits charged per unit of cost (cost is in the price table's currency);
 *     the default 1000 makes one credit a thousandth of a currency unit
 */
public record BillingConfig(BigDecimal creditsPerCostUnit) {
    public BillingConfig {
        creditsPerCostUnit = creditsPerCostUnit == null ? BigDecimal.valueOf(1000) : creditsPerCostUnit;
        if (creditsPerCostUnit.signum() < 0) {
            throw new IllegalArgumentException("billing.creditsPerCostUnit must not be negative");
        }
    }

    public static BillingConfig defaults() {
        return new BillingConfig(null);
    }
}
