package dev.graphlaunch.gateway.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.validation.Storable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code POST /api/v1/ai/chat}. A field sent as {@code null} counts as absent. */
public record ChatRequest(
        @NotBlank @Storable String graphId,
        @Valid List<@NotNull ChatMessage> messages,
        @Storable String message,
        @Storable JsonNode input,
        @Size(max = 255) @Storable String stateKey) {

    /**
     * The run's input in one shape whatever the client sent: {@code message} becomes a one-element
     * {@code messages}. This is also what the request fingerprint is computed over.
     */
    public JsonNode runInput() {
        if (messages != null && message != null) {
            throw new InvalidRequestException("Send either 'messages' or 'message', not both.");
        }
        if (messages == null && message == null && input == null) {
            throw new InvalidRequestException("Send 'messages', 'message' or 'input'.");
        }
        if (input != null && !input.isObject()) {
            throw new InvalidRequestException("'input' must be a JSON object.");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode runInput = json.objectNode();
        var messageArray = runInput.putArray("messages");
        if (message != null) {
            messageArray.add(json.objectNode().put("role", "user").put("content", message));
        } else if (messages != null) {
            messages.forEach(m -> messageArray.add(json.objectNode().put("role", m.role()).put("content", m.content())));
        }
        runInput.set("input", input == null ? json.objectNode() : input);
        if (stateKey != null) {
            runInput.put("stateKey", stateKey);
        }
        return runInput;
    }
}
