package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.schedules.ScheduleChange.FieldChange;
import dev.graphlaunch.gateway.schedules.ScheduleChange.Kind;
import dev.graphlaunch.gateway.support.TestCatalogs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulePlannerTest {
    private static final ScheduleKey NIGHTLY = new ScheduleKey("acme", "nightly");
    private static final ScheduleKey HOURLY = new ScheduleKey("acme", "hourly");

    private static ScheduleSnapshot snapshot(ScheduleKey key, String cron, boolean paused, String note) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("graph", "builtin:echo");
        fields.put("cron", cron);
        fields.put("timezone", "UTC");
        return new ScheduleSnapshot(key, fields, paused, note);
    }

    @Test
    void identicalStateIsAnEmptyPlan() {
        List<ScheduleSnapshot> same = List.of(snapshot(NIGHTLY, "0 2 * * *", false, null));

        SchedulePlan plan = SchedulePlanner.plan(same, same, Set.of());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.unchanged()).containsExactly(NIGHTLY);
        assertThat(plan.render()).isEqualTo("No changes: Temporal matches the file (1 schedules).");
    }

    @Test
    void onlyTheFieldsThatDifferAreListed() {
        SchedulePlan plan = SchedulePlanner.plan(
                List.of(snapshot(NIGHTLY, "30 3 * * *", false, null)),
                List.of(snapshot(NIGHTLY, "0 2 * * *", false, null)), Set.of());

        assertThat(plan.changes()).containsExactly(new ScheduleChange(Kind.UPDATE, NIGHTLY,
                List.of(new FieldChange("cron", "0 2 * * *", "30 3 * * *"))));
        assertThat(plan.render()).contains("update   acme/nightly (graph-launch:acme:nightly)\n      cron: 0 2 * * * -> 30 3 * * *");
    }

    @Test
    void createPauseUnpauseAndDeleteEachGetTheirOwnStep() {
        ScheduleKey gone = new ScheduleKey("acme", "gone");
        ScheduleKey fresh = new ScheduleKey("acme", "fresh");
        SchedulePlan plan = SchedulePlanner.plan(
                List.of(snapshot(NIGHTLY, "0 2 * * *", true, "data late"), snapshot(HOURLY, "@every 1h", false, null),
                        snapshot(fresh, "@every 5m", false, null)),
                List.of(snapshot(NIGHTLY, "0 2 * * *", false, null), snapshot(HOURLY, "@every 1h", true, "by hand"),
                        snapshot(gone, "@every 5m", false, null)),
                Set.of());

        assertThat(plan.changes()).extracting(ScheduleChange::kind, ScheduleChange::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.CREATE, fresh),
                org.assertj.core.groups.Tuple.tuple(Kind.UNPAUSE, HOURLY),
                org.assertj.core.groups.Tuple.tuple(Kind.PAUSE, NIGHTLY),
                org.assertj.core.groups.Tuple.tuple(Kind.DELETE, gone));
        assertThat(plan.changes().get(2).fields()).containsExactly(
                new FieldChange("paused", "false", "true"), new FieldChange("note", "(none)", "\"data late\""));
        assertThat(plan.summary()).isEqualTo("Plan: 1 to create, 0 to update, 1 to pause, 1 to unpause, 1 to delete, 0 unchanged.");
    }

    @Test
    void aNewNoteOnAPausedScheduleIsAPauseStep() {
        SchedulePlan plan = SchedulePlanner.plan(List.of(snapshot(NIGHTLY, "0 2 * * *", true, "new reason")),
                List.of(snapshot(NIGHTLY, "0 2 * * *", true, "old reason")), Set.of());

        assertThat(plan.changes()).containsExactly(new ScheduleChange(Kind.PAUSE, NIGHTLY,
                List.of(new FieldChange("note", "\"old reason\"", "\"new reason\""))));
    }

    @Test
    void unmanagedSchedulesAreShownNeverChangedAndADeclaredIdTakenByOneIsAConflict() {
        SchedulePlan plan = SchedulePlanner.plan(List.of(snapshot(NIGHTLY, "0 2 * * *", false, null)), List.of(),
                Set.of("hand-made", NIGHTLY.temporalId()));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.unmanaged()).containsExactly("graph-launch:acme:nightly", "hand-made");
        assertThat(plan.conflicts()).singleElement().asString().contains("acme/nightly", "not managed by this gateway");
        assertThat(plan.render()).contains("unmanaged hand-made (not created by this gateway; left alone)", "CONFLICT acme/nightly");
    }

    @Test
    void theFileAndTemporalAreReadThroughTheSameMapping() {
        DesiredSchedule declared = new ScheduleLoader(TestCatalogs.builtin()).parse("f.yml", """
                schedules:
                  - {id: a, tenant: acme, graph: builtin:echo, cron: "@every 10m", owner: o, catchupWindow: 0}
                """).get(0);

        ScheduleSnapshot snapshot = TemporalScheduleMapping.snapshot(declared);

        assertThat(snapshot.fields()).containsEntry("cron", "@every 10m").containsEntry("catchupWindow", "10s")
                .containsEntry("workflow", "GraphRunWorkflow as graph-run:acme:schedule:a on graph-runs")
                .containsEntry("provenance", "acme system_scheduled temporal_schedule a schedule:a null");
        assertThat(snapshot.fields().get("searchAttributes")).contains("TriggerRef=a", "RequestedBy=o", "RunKind=system_scheduled");
    }
}
