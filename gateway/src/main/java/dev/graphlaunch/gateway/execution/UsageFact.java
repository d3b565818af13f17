package dev.graphlaunch.gateway.execution;

import java.math.BigDecimal;

/**
 * What a provider consumed for one unit of work (a model call, a builtin execution). Billing turns
 * each fact into a charge receipt; facts never reach clients.
 *
 * @param unitId stable within the attempt, so a replayed call cannot bill the same unit twice
 * @param estimated the provider could not report exact figures (a stream that broke before its
 *     usage chunk) and counted what it saw instead
 */
public record UsageFact(String unitId, String sourceSystem, String model, long tokensIn, long tokensOut,
        BigDecimal cost, boolean estimated) {

    public UsageFact(String unitId, String sourceSystem, String model, long tokensIn, long tokensOut, BigDecimal cost) {
        this(unitId, sourceSystem, model, tokensIn, tokensOut, cost, false);
    }
}
