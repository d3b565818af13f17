package dev.graphlaunch.gateway.schedules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Temporal's own tools write them: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 1d}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+[dhms])+|0");
    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

    private Durations() {}

    public static Duration parse(String text) {
        String value = text.strip();
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 30s, 10m, 1h30m or 1d");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        return total;
    }

    /** The one spelling plan shows, whichever spelling the file used: {@code 1h30m}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration == null || duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || duration.toMillisPart() > 0) {
            text.append(duration.toSecondsPart()).append(duration.toMillisPart() > 0 ? "." + duration.toMillisPart() : "").append('s');
        }
        return text.toString();
    }
}
