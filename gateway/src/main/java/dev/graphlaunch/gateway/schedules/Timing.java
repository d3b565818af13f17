package dev.graphlaunch.gateway.schedules;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;

/** When a schedule fires: a five-field cron line or {@code @every <duration>}; {@link #text} is how plan shows it. */
public record Timing(String text, ScheduleCalendarSpec calendar, Duration every) {
    private static final String EVERY = "@every";

    /** @throws IllegalArgumentException with what is wrong */
    public static Timing parse(String text) {
        String value = text.strip();
        if (value.startsWith(EVERY + " ") || value.equals(EVERY)) {
            Duration every = Durations.parse(value.substring(EVERY.length()));
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("'" + text + "': the interval must be at least 1s");
            }
            return new Timing(EVERY + " " + Durations.format(every), null, every);
        }
        return new Timing(value, CronExpression.compile(value), null);
    }

    void applyTo(ScheduleSpec.Builder spec) {
        spec.setCalendars(calendar == null ? List.of() : List.of(calendar));
        spec.setIntervals(every == null ? List.of() : List.of(new ScheduleIntervalSpec(every)));
    }

    /**
     * How plan shows a spec read back from Temporal. A calendar counts as our cron line only when
     * its comment compiles to exactly that calendar; anything else was changed outside the file.
     */
    static String describe(ScheduleSpec spec) {
        List<ScheduleCalendarSpec> calendars = spec.getCalendars() == null ? List.of() : spec.getCalendars();
        List<ScheduleIntervalSpec> intervals = spec.getIntervals() == null ? List.of() : spec.getIntervals();
        boolean noCron = spec.getCronExpressions() == null || spec.getCronExpressions().isEmpty();
        if (calendars.size() == 1 && intervals.isEmpty() && noCron) {
            ScheduleCalendarSpec calendar = calendars.get(0);
            try {
                if (calendar.getComment() != null && CronExpression.compile(calendar.getComment()).equals(calendar)) {
                    return calendar.getComment();
                }
            } catch (IllegalArgumentException notOurs) {
                // falls through to the generic description
            }
        }
        if (calendars.isEmpty() && intervals.size() == 1 && noCron) {
            ScheduleIntervalSpec interval = intervals.get(0);
            boolean offset = interval.getOffset() != null && !interval.getOffset().isZero();
            return EVERY + " " + Durations.format(interval.getEvery())
                    + (offset ? " offset " + Durations.format(interval.getOffset()) : "");
        }
        return "custom spec (" + calendars.size() + " calendars, " + intervals.size() + " intervals) set outside the file";
    }
}
