package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import java.util.Map;

/**
 * Calls the internal API the way GraphRunWorkflow's activities do, so gateway tests can execute
 * runs without Temporal. The attempt loop mirrors the workflow's: retry while retryable.
 */
public final class WorkerStandIn {
    public static final String SERVICE_TOKEN = "test-service-token-0123456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpJson http;

    public WorkerStandIn(HttpJson http) {
        this.http = http;
    }

    public Reply recordStarted(String workflowId, RecordRunStarted started) {
        return call("PUT", InternalApi.runByWorkflow(workflowId), started);
    }

    /** What the workflow's first activity sends for a run the gateway recorded (API, webhook): marks it running. */
    public void markStarted(String workflowId, String runId) {
        GraphRunInput run = new GraphRunInput(null, null, null, RunKind.USER_IMMEDIATE, TriggerSource.API, null,
                null, null, runId);
        Reply reply = recordStarted(workflowId, new RecordRunStarted(workflowId, null, null, null, run));
        if (reply.status() != 200) {
            throw new IllegalStateException("record started answered " + reply.status() + ": " + reply.body());
        }
    }

    /** What the workflow's first activity sends for a scheduled run: the gateway creates the record. */
    public String startScheduled(String tenantId, String graphId, JsonNode input, String scheduleId, String at) {
        String workflowId = "graph-run:" + tenantId + ":schedule:" + scheduleId + "-" + at;
        GraphRunInput run = new GraphRunInput(tenantId, graphId, input, RunKind.SYSTEM_SCHEDULED,
                TriggerSource.TEMPORAL_SCHEDULE, scheduleId, "ops@" + tenantId, "schedule:" + scheduleId, null);
        Reply reply = recordStarted(workflowId, new RecordRunStarted(workflowId,
                "schedule:" + scheduleId + ":" + at, scheduleId + "@" + at, MAPPER.createObjectNode(), run));
        return reply.json().path("runId").asText();
    }

    public Reply execute(String graphId, String runId, int attempt) {
        return call("POST", InternalApi.executeAttempt(graphId), new ExecuteAttempt(runId, attempt));
    }

    public Reply finish(String runId, FinishRun finish) {
        return call("POST", InternalApi.finish(runId), finish);
    }

    /**
     * Runs attempts from 1 until one succeeds or fails for good, then finishes the run naming the
     * attempt, as the lean workflow does.
     *
     * @return the last attempt
     */
    public int runToEnd(String graphId, String runId, int maxAttempts) {
        return runToEndFrom(graphId, runId, 1, maxAttempts);
    }

    /** As {@link #runToEnd}, starting at attempt {@code first} (the earlier ones were interrupted). */
    public int runToEndFrom(String graphId, String runId, int first, int maxAttempts) {
        for (int attempt = first; ; attempt++) {
            JsonNode result = execute(graphId, runId, attempt).json();
            boolean succeeded = AttemptStatus.SUCCEEDED.wire().equals(result.path("status").asText());
            if (succeeded || !result.path("retryable").asBoolean() || attempt >= maxAttempts) {
                finish(runId, succeeded
                        ? FinishRun.succeededWith(attempt)
                        : FinishRun.failedAfter(attempt, result.path("errorCode").asText(),
                                result.path("errorMessage").asText()));
                return attempt;
            }
        }
    }

    private Reply call(String method, String path, Object body) {
        return http.send(method, path, Map.of(InternalApi.SERVICE_TOKEN_HEADER, SERVICE_TOKEN,
                "Content-Type", "application/json"), HttpJson.toJson(body));
    }
}
