package dev.graphlaunch.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.events.RunEventSink;
import java.util.UUID;

/** One attempt of one run, as the executor sees it, with where to report progress. */
public record GraphInvocation(UUID runId, int attempt, String tenantId, GraphId graphId, JsonNode input,
        RunEventSink events) {

    /** An invocation nobody watches (tests, tools). */
    public GraphInvocation(UUID runId, int attempt, String tenantId, GraphId graphId, JsonNode input) {
        this(runId, attempt, tenantId, graphId, input, RunEventSink.NONE);
    }

    /** The unit-of-usage reference billing deduplicates on. */
    public String sourceReference(String usageUnitId) {
        return runId + "/" + attempt + "/" + usageUnitId;
    }
}
