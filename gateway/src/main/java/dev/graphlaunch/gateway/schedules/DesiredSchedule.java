package dev.graphlaunch.gateway.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** One schedule as the file declares it, validated and with defaults filled in. */
public record DesiredSchedule(
        ScheduleKey key,
        String graph,
        JsonNode input,
        String owner,
        Timing timing,
        String timezone,
        Duration jitter,
        Instant startAt,
        Instant endAt,
        Overlap overlap,
        Duration catchupWindow,
        boolean paused,
        String note) {

    /** Temporal treats anything under 10 s as "use the default of one year"; 10 s is its real floor. */
    public static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);

    public String grantRef() {
        return "schedule:" + key.scheduleId();
    }

    /** What Temporal is given: "0" (no catch-up) becomes the smallest window Temporal honours. */
    public Duration effectiveCatchupWindow() {
        return catchupWindow.compareTo(MIN_CATCHUP_WINDOW) < 0 ? MIN_CATCHUP_WINDOW : catchupWindow;
    }
}
