package dev.graphlaunch.gateway.schedules;

import java.util.Map;

/**
 * A schedule reduced to what plan compares, the same way for the file and for Temporal: each field
 * as the text plan prints. Pause state is kept apart because it changes by pause/unpause, not update.
 */
public record ScheduleSnapshot(ScheduleKey key, Map<String, String> fields, boolean paused, String note) {}
