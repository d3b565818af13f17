package dev.graphlaunch.gateway.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.json.CanonicalJson;
import dev.graphlaunch.gateway.priority.RunPriorities;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.Priority;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Temporal schedule for a declaration, and reads any Temporal schedule back into a
 * {@link ScheduleSnapshot}. Plan compares snapshot(build(declared)) with snapshot(describe()),
 * so both sides go through the same reading and only real differences show.
 */
public final class TemporalScheduleMapping {
    /** Memo key and value that mark a schedule as managed by this gateway. */
    public static final String MANAGED_BY_MEMO = "managedBy";
    public static final String MANAGED_BY = "graph-launch-gateway";
    static final String PAUSED_NOTE = "paused in the schedules file";

    private TemporalScheduleMapping() {}

    /** With the default priorities. */
    public static Schedule toTemporal(DesiredSchedule declared) {
        return toTemporal(declared, RunPriorities.defaults());
    }

    /**
     * The action carries the run kind's priority and the tenant's fairness key: Temporal starts
     * each scheduled workflow with them, and its attempts inherit them.
     */
    public static Schedule toTemporal(DesiredSchedule declared, RunPriorities priorities) {
        GraphRunInput input = new GraphRunInput(declared.key().tenantId(), declared.graph(), declared.input(),
                RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE, declared.key().scheduleId(),
                declared.owner(), declared.grantRef(), null);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forSchedule(declared.key().tenantId(), declared.key().scheduleId()))
                .setTaskQueue(TaskQueues.GRAPH_RUNS)
                .setTypedSearchAttributes(RunSearchAttributes.of(input));
        priorities.of(input.runKind(), input.tenantId()).ifPresent(options::setPriority);
        ScheduleSpec.Builder spec = ScheduleSpec.newBuilder()
                .setTimeZoneName(declared.timezone())
                .setJitter(declared.jitter())
                .setStartAt(declared.startAt())
                .setEndAt(declared.endAt());
        declared.timing().applyTo(spec);
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(GraphRunWorkflow.TYPE)
                        .setOptions(options.build())
                        .setArguments(input)
                        .build())
                .setSpec(spec.build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(declared.overlap().temporal())
                        .setCatchupWindow(declared.effectiveCatchupWindow())
                        .build())
                .setState(ScheduleState.newBuilder().setPaused(declared.paused()).setNote(noteOf(declared)).build())
                .build();
    }

    public static ScheduleSnapshot snapshot(DesiredSchedule declared) {
        return snapshot(declared, RunPriorities.defaults());
    }

    public static ScheduleSnapshot snapshot(DesiredSchedule declared, RunPriorities priorities) {
        return snapshot(declared.key(), toTemporal(declared, priorities));
    }

    public static ScheduleSnapshot snapshot(ScheduleKey key, Schedule schedule) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (schedule.getAction() instanceof ScheduleActionStartWorkflow action) {
            readAction(action, fields);
        } else {
            fields.put("action", "not a workflow start");
        }
        ScheduleSpec spec = schedule.getSpec();
        fields.put("cron", Timing.describe(spec));
        fields.put("timezone", spec.getTimeZoneName() == null || spec.getTimeZoneName().isEmpty() ? "UTC" : spec.getTimeZoneName());
        fields.put("jitter", Durations.format(spec.getJitter()));
        fields.put("startAt", text(spec.getStartAt()));
        fields.put("endAt", text(spec.getEndAt()));
        SchedulePolicy policy = schedule.getPolicy();
        fields.put("overlap", Overlap.describe(policy == null ? null : policy.getOverlap()));
        fields.put("catchupWindow", Durations.format(policy == null ? null : policy.getCatchupWindow()));
        ScheduleState state = schedule.getState();
        boolean paused = state != null && state.isPaused();
        String note = state == null || state.getNote() == null || state.getNote().isEmpty() ? null : state.getNote();
        return new ScheduleSnapshot(key, fields, paused, note);
    }

    private static void readAction(ScheduleActionStartWorkflow action, Map<String, String> fields) {
        GraphRunInput input = action.getArguments().get(0, GraphRunInput.class);
        fields.put("graph", input.graphId());
        fields.put("input", json(input.input()));
        fields.put("owner", input.requestedBy());
        WorkflowOptions options = action.getOptions();
        fields.put("workflow", action.getWorkflowType() + " as " + options.getWorkflowId() + " on " + options.getTaskQueue());
        fields.put("provenance", String.join(" ", input.tenantId(), String.valueOf(input.runKind() == null ? null : input.runKind().wire()),
                String.valueOf(input.triggerSource() == null ? null : input.triggerSource().wire()), input.triggerRef(), input.grantRef(), String.valueOf(input.runId())));
        fields.put("searchAttributes", searchAttributes(options.getTypedSearchAttributes()));
        // Compared like any other field, so a schedule applied before a priority change is updated.
        fields.put("priority", describe(options.getPriority()));
    }

    /** {@code default} when the action sets none (Temporal then uses 3 and no fairness key). */
    static String describe(Priority priority) {
        List<String> parts = new ArrayList<>();
        if (priority != null) {
            if (priority.getPriorityKey() > 0) {
                parts.add("key " + priority.getPriorityKey());
            }
            if (priority.getFairnessKey() != null && !priority.getFairnessKey().isEmpty()) {
                parts.add("fairness " + priority.getFairnessKey());
            }
            if (priority.getFairnessWeight() > 0) {
                parts.add("weight " + priority.getFairnessWeight());
            }
        }
        return parts.isEmpty() ? "default" : String.join(", ", parts);
    }

    private static String searchAttributes(SearchAttributes attributes) {
        Map<String, Object> byName = new TreeMap<>();
        if (attributes != null) {
            attributes.getUntypedValues().forEach((key, value) -> byName.put(key.getName(), value));
        }
        return byName.toString();
    }

    /** Never empty while paused: Temporal would fill in its own note and plan would see a change each time. */
    static String noteOf(DesiredSchedule declared) {
        if (declared.note() != null) {
            return declared.note();
        }
        return declared.paused() ? PAUSED_NOTE : "";
    }

    private static String json(JsonNode node) {
        return node == null ? "null" : CanonicalJson.write(node);
    }

    private static String text(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
