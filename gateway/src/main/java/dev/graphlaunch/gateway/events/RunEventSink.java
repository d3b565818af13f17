package dev.graphlaunch.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.gateway.runs.RunEvent;

/**
 * Where an executing graph reports what it is doing, for clients watching the run. Bound to one
 * run and attempt; each call is durable when it returns.
 */
public interface RunEventSink {
    RunEventSink NONE = (type, data) -> {};

    void emit(String type, JsonNode data);

    /** A piece of generated text; the deltas of an attempt, in order, make up its reply. */
    default void delta(String text) {
        emit(RunEvent.DELTA, JsonNodeFactory.instance.objectNode().put("text", text));
    }

    default void progress(String message) {
        emit(RunEvent.PROGRESS, JsonNodeFactory.instance.objectNode().put("message", message));
    }
}
