package dev.graphlaunch.gateway.schedules;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A classic five-field cron line (minute hour day-of-month month day-of-week) compiled to the
 * structured calendar Temporal stores. We compile it ourselves, rather than hand Temporal the
 * string, so that the calendar we send is exactly the one describe returns and plan can compare.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronExpression() {}

    /** @throws IllegalArgumentException saying which field is wrong and why */
    public static ScheduleCalendarSpec compile(String text) {
        String line = MACROS.getOrDefault(text.strip(), text.strip());
        String[] fields = line.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length
                    + " fields; cron needs five (minute hour day-of-month month day-of-week), or '@every 10m'");
        }
        if (!fields[2].equals("*") && !fields[4].equals("*")) {
            // Classic cron ORs the two day fields, Temporal's calendars AND them: refuse the ambiguity.
            throw new IllegalArgumentException("'" + text + "' restricts both day-of-month and day-of-week;"
                    + " cron and Temporal read that differently, so declare two schedules instead");
        }
        return ScheduleCalendarSpec.newBuilder()
                .setSeconds(List.of(new ScheduleRange(0, 0, 1)))
                .setMinutes(field(fields[0], "minute", 0, 59, List.of()))
                .setHour(field(fields[1], "hour", 0, 23, List.of()))
                .setDayOfMonth(field(fields[2], "day-of-month", 1, 31, List.of()))
                .setMonth(field(fields[3], "month", 1, 12, MONTHS))
                .setDayOfWeek(dayOfWeek(fields[4]))
                .setYear(List.of())
                .setComment(text.strip())
                .build();
    }

    /** 7 is Sunday too in classic cron; Temporal only knows 0. */
    private static List<ScheduleRange> dayOfWeek(String spec) {
        List<ScheduleRange> ranges = new ArrayList<>();
        for (ScheduleRange range : field(spec, "day-of-week", 0, 7, DAYS)) {
            if (range.getEnd() < 7) {
                ranges.add(range);
            } else if (range.getStep() != 1) {
                throw new IllegalArgumentException("day-of-week '" + spec + "': write Sunday as 0 in stepped ranges");
            } else {
                if (range.getStart() <= 6) {
                    ranges.add(new ScheduleRange(range.getStart(), 6, 1));
                }
                ranges.add(new ScheduleRange(0, 0, 1));
            }
        }
        return ranges;
    }

    private static List<ScheduleRange> field(String spec, String name, int min, int max, List<String> names) {
        List<ScheduleRange> ranges = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            ranges.add(range(part, name, min, max, names));
        }
        return ranges;
    }

    private static ScheduleRange range(String part, String name, int min, int max, List<String> names) {
        String[] stepped = part.split("/", -1);
        if (stepped.length > 2) {
            throw bad(name, part, "more than one '/'");
        }
        int step = stepped.length == 2 ? number(stepped[1], name, part, 1, max, List.of()) : 1;
        String base = stepped[0];
        int start;
        int end;
        if (base.equals("*")) {
            start = min;
            end = max == 7 ? 6 : max;
        } else if (base.contains("-")) {
            String[] bounds = base.split("-", -1);
            if (bounds.length != 2) {
                throw bad(name, part, "a range is 'from-to'");
            }
            start = number(bounds[0], name, part, min, max, names);
            end = number(bounds[1], name, part, min, max, names);
            if (end < start) {
                throw bad(name, part, "the range ends before it starts");
            }
        } else {
            start = number(base, name, part, min, max, names);
            end = stepped.length == 2 ? (max == 7 ? 6 : max) : start;
        }
        return new ScheduleRange(start, end, step);
    }

    private static int number(String text, String name, String part, int min, int max, List<String> names) {
        int named = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + (names.size() == 12 ? 1 : 0);
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw bad(name, part, value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(name, part, "'" + text + "' is not a number" + (names.isEmpty() ? "" : " or a name like " + names.get(0)));
        }
    }

    private static IllegalArgumentException bad(String field, String part, String why) {
        return new IllegalArgumentException(field + " '" + part + "': " + why);
    }
}
