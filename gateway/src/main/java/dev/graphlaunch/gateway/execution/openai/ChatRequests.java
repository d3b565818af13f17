package dev.graphlaunch.gateway.execution.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the chat-completions request from a run's input ({@code {messages, input}}). */
final class ChatRequests {
    private ChatRequests() {}

    static ObjectNode body(String model, JsonNode runInput, ObjectMapper mapper) {
        ObjectNode body = mapper.createObjectNode().put("model", model);
        body.set("messages", messages(runInput, mapper));
        body.put("stream", true);
        // Without this the stream carries no token counts and the attempt could not be billed exactly.
        body.putObject("stream_options").put("include_usage", true);
        JsonNode options = runInput.path("input");
        copyNumber(options, "temperature", body);
        copyNumber(options, "max_tokens", body);
        copyNumber(options, "top_p", body);
        return body;
    }

    /**
     * The run's messages; a run started without any (a webhook's or schedule's compact input)
     * sends its input as one user message, so every trigger can run an LLM graph.
     */
    private static ArrayNode messages(JsonNode runInput, ObjectMapper mapper) {
        JsonNode messages = runInput.path("messages");
        if (messages.isArray() && !messages.isEmpty()) {
            return (ArrayNode) messages.deepCopy();
        }
        ArrayNode single = mapper.createArrayNode();
        single.addObject().put("role", "user").put("content", runInput.toString());
        return single;
    }

    static long promptChars(ObjectNode body) {
        long chars = 0;
        for (JsonNode message : body.path("messages")) {
            chars += message.path("content").asText("").length();
        }
        return chars;
    }

    private static void copyNumber(JsonNode from, String field, ObjectNode to) {
        if (from.path(field).isNumber()) {
            to.set(field, from.get(field));
        }
    }
}
