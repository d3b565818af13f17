package dev.graphlaunch.worker.workflow;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The identity of one scheduled action (docs/architecture.md, "Identity and dedupe"). Derived from
 * the nominal scheduled time, not the actual start, so a late or retried start still maps to the
 * same run.
 */
record ScheduledTrigger(String scheduleId, Instant scheduledTime) {

    String scheduledTimeText() {
        return DateTimeFormatter.ISO_INSTANT.format(scheduledTime);
    }

    String idempotencyKey() {
        return "schedule:" + scheduleId + ":" + scheduledTimeText();
    }

    String triggerRef() {
        return scheduleId + "@" + scheduledTimeText();
    }
}
