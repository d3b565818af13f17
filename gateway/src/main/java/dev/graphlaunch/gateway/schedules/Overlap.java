package dev.graphlaunch.gateway.schedules;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Temporal's overlap policies under the names the YAML uses ({@code skip}, {@code buffer_one}, …). */
public enum Overlap {
    SKIP(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
    BUFFER_ONE(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
    BUFFER_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL),
    CANCEL_OTHER(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER),
    TERMINATE_OTHER(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER),
    ALLOW_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);

    private final ScheduleOverlapPolicy temporal;

    Overlap(ScheduleOverlapPolicy temporal) {
        this.temporal = temporal;
    }

    public ScheduleOverlapPolicy temporal() {
        return temporal;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts {@code buffer_one}, {@code buffer-one} and {@code bufferOne}. */
    public static Optional<Overlap> fromYaml(String value) {
        String wanted = value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** Temporal reports "unspecified" for a schedule created without a policy: that is skip. */
    static String describe(ScheduleOverlapPolicy policy) {
        return Arrays.stream(values()).filter(o -> o.temporal == policy).findFirst().orElse(SKIP).yamlName();
    }
}
