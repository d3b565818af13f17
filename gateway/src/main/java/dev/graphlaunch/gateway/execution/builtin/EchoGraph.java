package dev.graphlaunch.gateway.execution.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import java.time.Duration;

/**
 * Answers with the last user message and the input it got. {@code input.delayMs} (at most one
 * minute) makes it take that long, to exercise long runs, heartbeats and restarts.
 */
public class EchoGraph implements BuiltinGraph {
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public JsonNode run(JsonNode input) {
        pause(input.path("input").path("delayMs").asLong(0));
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("reply", lastUserMessage(input));
        output.set("echo", input);
        return output;
    }

    private static String lastUserMessage(JsonNode input) {
        String reply = "";
        for (JsonNode message : input.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                reply = message.path("content").asText();
            }
        }
        return reply;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(millis, MAX_DELAY.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphExecutionException(ErrorCode.TIMEOUT, "echo was interrupted", true);
        }
    }
}
