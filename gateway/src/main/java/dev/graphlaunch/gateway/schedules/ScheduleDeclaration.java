package dev.graphlaunch.gateway.schedules;

import java.time.Instant;

/** One row of {@code schedule_declarations}: a schedule as last applied. */
public record ScheduleDeclaration(
        String tenantId, String scheduleId, String graphId, String owner, boolean paused, String note, Instant appliedAt) {

    public ScheduleKey key() {
        return new ScheduleKey(tenantId, scheduleId);
    }

    static ScheduleDeclaration of(DesiredSchedule schedule) {
        return new ScheduleDeclaration(schedule.key().tenantId(), schedule.key().scheduleId(), schedule.graph(),
                schedule.owner(), schedule.paused(), schedule.note(), null);
    }
}
