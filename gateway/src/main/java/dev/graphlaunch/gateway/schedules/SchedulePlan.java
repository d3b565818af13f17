package dev.graphlaunch.gateway.schedules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What apply would do. {@code conflicts} are declared schedules whose Temporal id is taken by a
 * schedule this gateway does not manage: apply refuses the whole plan rather than take it over.
 */
public record SchedulePlan(
        List<ScheduleChange> changes, List<ScheduleKey> unchanged, List<String> unmanaged, List<String> conflicts) {

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public String render() {
        List<String> lines = new ArrayList<>();
        changes.forEach(change -> lines.add("  " + change.describe()));
        unmanaged.forEach(id -> lines.add("  unmanaged " + id + " (not created by this gateway; left alone)"));
        conflicts.forEach(conflict -> lines.add("  CONFLICT " + conflict));
        lines.add(summary());
        return String.join("\n", lines);
    }

    public String summary() {
        if (changes.isEmpty()) {
            return "No changes: Temporal matches the file (" + unchanged.size() + " schedules).";
        }
        Map<ScheduleChange.Kind, Integer> counts = new TreeMap<>();
        changes.forEach(change -> counts.merge(change.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder("Plan:");
        for (ScheduleChange.Kind kind : ScheduleChange.Kind.values()) {
            text.append(' ').append(counts.getOrDefault(kind, 0)).append(" to ").append(kind.name().toLowerCase()).append(',');
        }
        return text.append(' ').append(unchanged.size()).append(" unchanged.").toString();
    }
}
