package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.priority.PriorityConfig;
import dev.graphlaunch.gateway.priority.RunPriorities;
import dev.graphlaunch.gateway.schedules.ScheduleChange.FieldChange;
import dev.graphlaunch.gateway.schedules.ScheduleChange.Kind;
import dev.graphlaunch.gateway.support.TestCatalogs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulePriorityTest {
    private static final DesiredSchedule DECLARED = new ScheduleLoader(TestCatalogs.builtin()).parse("f.yml", """
            schedules:
              - {id: a, tenant: acme, graph: builtin:echo, cron: "@every 10m", owner: o}
            """).get(0);

    @Test
    void theScheduleActionCarriesTheScheduledRunKindsPriorityAndTheTenantAsFairnessKey() {
        ScheduleSnapshot snapshot = TemporalScheduleMapping.snapshot(DECLARED);

        assertThat(snapshot.fields()).containsEntry("priority", "key 4, fairness acme");
    }

    @Test
    void aChangedPriorityIsPlannedAsAnUpdateOfThatFieldAlone() {
        ScheduleSnapshot applied = TemporalScheduleMapping.snapshot(DECLARED);
        RunPriorities later = new RunPriorities(new PriorityConfig(null, null, null, 5, null, null));

        SchedulePlan plan = SchedulePlanner.plan(List.of(TemporalScheduleMapping.snapshot(DECLARED, later)),
                List.of(applied), Set.of());

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(Kind.UPDATE);
            assertThat(change.fields()).containsExactly(
                    new FieldChange("priority", "key 4, fairness acme", "key 5, fairness acme"));
        });
    }

    @Test
    void aScheduleAppliedBeforePrioritiesExistedIsUpdatedAtTheNextApply() {
        RunPriorities none = new RunPriorities(new PriorityConfig(false, null, null, null, false, null));
        ScheduleSnapshot appliedBefore = TemporalScheduleMapping.snapshot(DECLARED, none);

        SchedulePlan plan = SchedulePlanner.plan(List.of(TemporalScheduleMapping.snapshot(DECLARED)),
                List.of(appliedBefore), Set.of());

        assertThat(appliedBefore.fields()).containsEntry("priority", "default");
        assertThat(plan.changes()).singleElement().extracting(ScheduleChange::kind).isEqualTo(Kind.UPDATE);
    }
}
