package dev.graphlaunch.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.gateway.runs.RunEventDao;
import java.util.UUID;

/** Writes a run's events; the execution layer and the run ledger are its only writers. */
public class RunEventLog {
    private final RunEventDao events;

    public RunEventLog(RunEventDao events) {
        this.events = events;
    }

    public long append(UUID runId, String type, JsonNode data) {
        return events.append(runId, type, data);
    }

    /**
     * A sink for one attempt: every event it writes names the attempt, so clients can tell retries
     * apart, and is dropped once the attempt lost its fence (a later attempt began or the run ended).
     */
    public RunEventSink sinkFor(UUID runId, int attempt) {
        return (type, data) -> {
            ObjectNode tagged = data instanceof ObjectNode object
                    ? object.deepCopy()
                    : JsonNodeFactory.instance.objectNode().set("value", data);
            tagged.put("attempt", attempt);
            events.appendFenced(runId, attempt, type, tagged);
        };
    }
}
