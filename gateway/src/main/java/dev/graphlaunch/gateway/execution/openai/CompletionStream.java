package dev.graphlaunch.gateway.execution.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.execution.UsageFact;
import java.util.List;

/**
 * What one streamed completion has produced so far: the text, the chunk count and, once the final
 * chunk arrived, the usage the provider reported. Enough to bill an answer that broke off.
 */
final class CompletionStream {
    static final String UNIT_ID = "chat-completion";

    private final String requestedModel;
    private final long promptChars;
    private final OpenAiPricing pricing;
    private final StringBuilder text = new StringBuilder();
    private String model;
    private String finishReason;
    private long contentChunks;
    private JsonNode usage;
    private boolean started;

    CompletionStream(String requestedModel, long promptChars, OpenAiPricing pricing) {
        this.requestedModel = requestedModel;
        this.model = requestedModel;
        this.promptChars = promptChars;
        this.pricing = pricing;
    }

    /** @return the text delta this chunk carries, or null */
    String accept(JsonNode chunk) {
        if (chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.hasNonNull("finish_reason")) {
            finishReason = choice.get("finish_reason").asText();
        }
        String delta = choice.path("delta").path("content").asText("");
        if (delta.isEmpty()) {
            return null;
        }
        text.append(delta);
        contentChunks++;
        return delta;
    }

    /** The provider answered 200: from here on it was working for us, so there is usage to bill. */
    void started() {
        started = true;
    }

    String text() {
        return text.toString();
    }

    String model() {
        return model;
    }

    String finishReason() {
        return finishReason;
    }

    /**
     * Exact when the usage chunk arrived; otherwise an estimate (about 4 characters per prompt token,
     * one token per content chunk), marked as such on the receipt.
     */
    List<UsageFact> usage() {
        if (!started) {
            return List.of();
        }
        if (usage != null) {
            long in = usage.path("prompt_tokens").asLong(0);
            long out = usage.path("completion_tokens").asLong(0);
            return List.of(new UsageFact(UNIT_ID, pricing.sourceSystem(), model, in, out, pricing.cost(requestedModel, model, in, out)));
        }
        long in = (promptChars + 3) / 4;
        return List.of(new UsageFact(UNIT_ID, pricing.sourceSystem(), model, in, contentChunks,
                pricing.cost(requestedModel, model, in, contentChunks), true));
    }
}
