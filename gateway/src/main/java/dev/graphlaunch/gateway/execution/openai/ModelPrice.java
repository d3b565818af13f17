package dev.graphlaunch.gateway.execution.openai;

import java.math.BigDecimal;
import java.math.MathContext;

/** What a model costs per 1,000 input (prompt) and output (completion) tokens, in the billing currency. */
public record ModelPrice(BigDecimal inputPer1k, BigDecimal outputPer1k) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public ModelPrice {
        inputPer1k = inputPer1k == null ? BigDecimal.ZERO : inputPer1k;
        outputPer1k = outputPer1k == null ? BigDecimal.ZERO : outputPer1k;
    }

    public BigDecimal cost(long tokensIn, long tokensOut) {
        return inputPer1k.multiply(BigDecimal.valueOf(tokensIn))
                .add(outputPer1k.multiply(BigDecimal.valueOf(tokensOut)))
                .divide(THOUSAND, MathContext.DECIMAL64);
    }
}
