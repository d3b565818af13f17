package dev.graphlaunch.gateway.execution.openai;

import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.Map;

/**
 * {@code graphs.openai}: one OpenAI-compatible endpoint (OpenAI, LiteLLM, vLLM, Ollama).
 *
 * @param enabled when false the {@code openai:} namespace does not exist (404 at the API)
 * @param baseUrl up to and including the version segment, e.g. {@code https://api.openai.com/v1};
 *     requests go to {@code {baseUrl}/chat/completions}
 * @param apiKeyEnv the name of the environment variable holding the key; absent for keyless
 *     local servers. The key itself never appears in configuration or logs.
 * @param models graph name → model; {@code openai:chat} runs {@code models.chat}
 * @param passThrough also accept graph names not in {@code models}, sent as the model name
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout the longest silence allowed: before the response headers and between chunks
 * @param prices model → price per 1K tokens; a model without one costs 0 (and is logged)
 * @param sourceSystem written on receipts, e.g. {@code openai} or {@code litellm}
 */
public record OpenAiConfig(
        boolean enabled,
        URI baseUrl,
        String apiKeyEnv,
        Map<String, String> models,
        boolean passThrough,
        Duration connectTimeout,
        Duration readTimeout,
        Map<String, ModelPrice> prices,
        String sourceSystem) {

    public OpenAiConfig {
        models = models == null ? Map.of() : Map.copyOf(models);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        connectTimeout = connectTimeout == null ? Duration.seconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.seconds(60) : readTimeout;
        sourceSystem = sourceSystem == null || sourceSystem.isBlank() ? "openai" : sourceSystem;
        if (enabled && baseUrl == null) {
            throw new IllegalArgumentException("graphs.openai.baseUrl is required when graphs.openai.enabled is true");
        }
    }

    public static OpenAiConfig disabled() {
        return new OpenAiConfig(false, null, null, null, false, null, null, null, null);
    }

    /** The model a graph name runs, or null when the name is not configured and pass-through is off. */
    public String modelFor(String graphName) {
        String mapped = models.get(graphName);
        return mapped != null ? mapped : passThrough ? graphName : null;
    }
}
