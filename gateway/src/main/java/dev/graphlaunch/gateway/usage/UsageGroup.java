package dev.graphlaunch.gateway.usage;

import java.math.BigDecimal;

/** Summed receipts of one group (a graph, a run kind, a UTC day) or of the whole range. */
public record UsageGroup(String key, long receipts, long tokensIn, long tokensOut, BigDecimal cost, BigDecimal credits) {

    UsageGroup plus(UsageGroup other) {
        return new UsageGroup(key, receipts + other.receipts, tokensIn + other.tokensIn, tokensOut + other.tokensOut,
                cost.add(other.cost), credits.add(other.credits));
    }
}
