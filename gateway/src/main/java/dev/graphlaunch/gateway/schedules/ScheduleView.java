package dev.graphlaunch.gateway.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A managed schedule as the admin API shows it: its declaration, and Temporal's view of it.
 *
 * @param inTemporal false while a declared schedule is missing in Temporal (apply pending or failed)
 */
public record ScheduleView(
        String id,
        String temporalScheduleId,
        String graphId,
        String owner,
        boolean inTemporal,
        Map<String, String> spec,
        boolean paused,
        String note,
        List<Instant> nextActionTimes,
        List<RecentAction> recentActions) {

    /** One action Temporal took: the nominal time, when it started, and the workflow it started. */
    public record RecentAction(Instant scheduledAt, Instant startedAt, String workflowId) {}
}
