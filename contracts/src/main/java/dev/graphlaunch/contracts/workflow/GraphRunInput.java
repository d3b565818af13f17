package dev.graphlaunch.contracts.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;

/**
 * Everything the workflow needs to run a graph, with the trigger's provenance. Set by the server
 * that starts the workflow, never copied from client input.
 *
 * @param input the graph's input for scheduled starts (declared in the schedule's YAML); null for
 *     runs the gateway created since 2026-11-29, whose input stays in graph_runs (histories recorded
 *     earlier carry it, unused)
 * @param runId absent for scheduled starts: the gateway is not in that path, so the workflow's
 *     first activity creates the run record
 * @param triggerRef for scheduled starts the schedule id; the workflow appends the scheduled time
 */
public record GraphRunInput(
        String tenantId,
        String graphId,
        JsonNode input,
        RunKind runKind,
        TriggerSource triggerSource,
        String triggerRef,
        String requestedBy,
        String grantRef,
        String runId) {}
