package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.schedules.ScheduleChange.FieldChange;
import dev.graphlaunch.gateway.schedules.ScheduleChange.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Diffs the declared schedules against the managed ones in Temporal. Pure: no I/O. */
public final class SchedulePlanner {
    private SchedulePlanner() {}

    /**
     * @param managed schedules in Temporal that carry this gateway's marker
     * @param unmanaged ids of every other schedule in the namespace
     */
    public static SchedulePlan plan(
            Collection<ScheduleSnapshot> declared, Collection<ScheduleSnapshot> managed, Set<String> unmanaged) {
        Map<ScheduleKey, ScheduleSnapshot> live = byKey(managed);
        List<ScheduleChange> changes = new ArrayList<>();
        List<ScheduleKey> unchanged = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (ScheduleSnapshot wanted : byKey(declared).values()) {
            ScheduleSnapshot current = live.get(wanted.key());
            if (unmanaged.contains(wanted.key().temporalId())) {
                conflicts.add(wanted.key() + ": Temporal schedule " + wanted.key().temporalId()
                        + " exists but is not managed by this gateway; delete or rename it first");
            } else if (current == null) {
                changes.add(create(wanted));
            } else {
                List<ScheduleChange> steps = diff(current, wanted);
                if (steps.isEmpty()) {
                    unchanged.add(wanted.key());
                }
                changes.addAll(steps);
            }
        }
        Set<ScheduleKey> wantedKeys = declared.stream().map(ScheduleSnapshot::key).collect(Collectors.toSet());
        live.keySet().stream().filter(key -> !wantedKeys.contains(key))
                .forEach(key -> changes.add(new ScheduleChange(Kind.DELETE, key, List.of())));
        return new SchedulePlan(List.copyOf(changes), List.copyOf(unchanged),
                unmanaged.stream().sorted().toList(), List.copyOf(conflicts));
    }

    private static ScheduleChange create(ScheduleSnapshot wanted) {
        List<FieldChange> fields = new ArrayList<>();
        wanted.fields().forEach((field, value) -> fields.add(new FieldChange(field, null, value)));
        if (wanted.paused()) {
            fields.add(new FieldChange("paused", null, "true" + (wanted.note() == null ? "" : " (" + wanted.note() + ")")));
        }
        return new ScheduleChange(Kind.CREATE, wanted.key(), fields);
    }

    private static List<ScheduleChange> diff(ScheduleSnapshot current, ScheduleSnapshot wanted) {
        List<ScheduleChange> steps = new ArrayList<>();
        List<FieldChange> fields = new ArrayList<>();
        wanted.fields().forEach((field, value) -> {
            String before = current.fields().get(field);
            if (!Objects.equals(before, value)) {
                fields.add(new FieldChange(field, String.valueOf(before), value));
            }
        });
        if (!fields.isEmpty()) {
            steps.add(new ScheduleChange(Kind.UPDATE, wanted.key(), fields));
        }
        boolean notePending = wanted.paused() && !Objects.equals(current.note(), wanted.note());
        if (current.paused() != wanted.paused() || notePending) {
            List<FieldChange> state = new ArrayList<>();
            if (current.paused() != wanted.paused()) {
                state.add(new FieldChange("paused", String.valueOf(current.paused()), String.valueOf(wanted.paused())));
            }
            if (!Objects.equals(current.note(), wanted.note())) {
                state.add(new FieldChange("note", quoted(current.note()), quoted(wanted.note())));
            }
            steps.add(new ScheduleChange(wanted.paused() ? Kind.PAUSE : Kind.UNPAUSE, wanted.key(), state));
        }
        return steps;
    }

    private static String quoted(String note) {
        return note == null ? "(none)" : "\"" + note + "\"";
    }

    private static Map<ScheduleKey, ScheduleSnapshot> byKey(Collection<ScheduleSnapshot> snapshots) {
        return snapshots.stream().collect(Collectors.toMap(ScheduleSnapshot::key, Function.identity(),
                (a, b) -> a, TreeMap::new));
    }
}
