package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.gateway.grants.GrantPolicy;
import dev.graphlaunch.gateway.runs.GraphRun;
import java.util.Optional;

/**
 * A scheduled run executes only while its schedule is declared in the file last applied and not
 * paused. Temporal may still fire a schedule that was just removed (drift, a failed delete): those
 * runs end skipped instead of running on a grant nobody holds any more.
 */
public class ScheduleGrantPolicy implements GrantPolicy {
    private final ScheduleDeclarationDao declarations;

    public ScheduleGrantPolicy(ScheduleDeclarationDao declarations) {
        this.declarations = declarations;
    }

    @Override
    public String kind() {
        return "schedule";
    }

    @Override
    public GrantDecision check(GraphRun run, String scheduleId) {
        Optional<ScheduleDeclaration> declared = declarations.find(run.tenantId(), scheduleId);
        if (declared.isEmpty()) {
            return GrantDecision.deny("schedule '" + scheduleId + "' is no longer declared in the schedules file");
        }
        if (declared.get().paused()) {
            return GrantDecision.deny("schedule '" + scheduleId + "' is paused"
                    + (declared.get().note() == null ? "" : ": " + declared.get().note()));
        }
        if (!declared.get().graphId().equals(run.graphId())) {
            return GrantDecision.deny("schedule '" + scheduleId + "' now runs " + declared.get().graphId()
                    + ", not " + run.graphId());
        }
        return GrantDecision.allow();
    }
}
