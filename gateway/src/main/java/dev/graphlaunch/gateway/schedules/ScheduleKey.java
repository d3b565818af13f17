package dev.graphlaunch.gateway.schedules;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declared schedule's identity. Its Temporal id carries a fixed prefix so this gateway can tell
 * its own schedules from hand-made ones by id alone (the memo marker confirms it).
 */
public record ScheduleKey(String tenantId, String scheduleId) implements Comparable<ScheduleKey> {
    public static final String PREFIX = "graph-launch:";
    /** No colons, so the Temporal id splits back unambiguously. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public String temporalId() {
        return PREFIX + tenantId + ":" + scheduleId;
    }

    public static Optional<ScheduleKey> fromTemporalId(String temporalId) {
        if (!temporalId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = temporalId.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleKey(parts[0], parts[1]));
    }

    @Override
    public int compareTo(ScheduleKey other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return tenantId + "/" + scheduleId;
    }
}
