package dev.graphlaunch.gateway.schedules;

import java.util.List;
import java.util.stream.Collectors;

/** One step of a plan, with the fields that differ ({@code before} is null for a create). */
public record ScheduleChange(Kind kind, ScheduleKey key, List<FieldChange> fields) {

    public enum Kind { CREATE, UPDATE, PAUSE, UNPAUSE, DELETE }

    public record FieldChange(String field, String before, String after) {
        @Override
        public String toString() {
            return before == null ? field + ": " + after : field + ": " + before + " -> " + after;
        }
    }

    public String describe() {
        String what = String.format("%-8s %s (%s)", kind.name().toLowerCase(), key, key.temporalId());
        return fields.isEmpty() ? what : what + fields.stream()
                .map(change -> "\n      " + change)
                .collect(Collectors.joining());
    }
}
