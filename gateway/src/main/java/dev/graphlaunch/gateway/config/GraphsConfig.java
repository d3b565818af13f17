package dev.graphlaunch.gateway.config;

import dev.graphlaunch.gateway.execution.openai.OpenAiConfig;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code graphs}: the namespaces this gateway executes.
 *
 * @param builtinPrices builtin graph name → cost of one execution (default 0)
 */
public record GraphsConfig(Map<String, BigDecimal> builtinPrices, OpenAiConfig openai) {
    public GraphsConfig {
        builtinPrices = builtinPrices == null ? Map.of() : Map.copyOf(builtinPrices);
        openai = openai == null ? OpenAiConfig.disabled() : openai;
    }

    public static GraphsConfig defaults() {
        return new GraphsConfig(null, null);
    }
}
