package dev.graphlaunch.gateway.execution.openai;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns tokens into cost with the configured price table. */
final class OpenAiPricing {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiPricing.class);

    private final Map<String, ModelPrice> prices;
    private final String sourceSystem;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    OpenAiPricing(Map<String, ModelPrice> prices, String sourceSystem) {
        this.prices = prices;
        this.sourceSystem = sourceSystem;
    }

    String sourceSystem() {
        return sourceSystem;
    }

    /**
     * Providers answer with a dated model name ({@code gpt-4o-mini-2024-07-18}) for the alias that
     * was requested: a price for either applies, the exact one first.
     */
    BigDecimal cost(String requestedModel, String model, long tokensIn, long tokensOut) {
        ModelPrice price = prices.containsKey(model) ? prices.get(model) : prices.get(requestedModel);
        if (price == null) {
            if (warned.add(model)) {
                LOG.warn("No price configured for model '{}' (graphs.openai.prices): its receipts cost 0", model);
            }
            return BigDecimal.ZERO;
        }
        return price.cost(tokensIn, tokensOut);
    }
}
