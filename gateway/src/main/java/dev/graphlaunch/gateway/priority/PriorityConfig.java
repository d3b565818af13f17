package dev.graphlaunch.gateway.priority;

import dev.graphlaunch.gateway.auth.TenantIds;
import java.util.Map;

/**
 * {@code priority}: the order in which Temporal hands waiting runs to saturated workers
 * (docs/api.md, "Priority"). Keys are Temporal's priority keys, 1 (first) to 5 (last); a run
 * started without one counts as 3.
 *
 * @param enabled give each run the priority key of its run kind; off: every run is 3 and waits in
 *     arrival order (within its tenant, with {@code fairness})
 * @param userImmediate API runs and reruns: someone is waiting for the answer
 * @param systemWebhook CI-failure triage from the GitHub webhook
 * @param systemScheduled runs of ops-declared schedules: batch work nobody is watching
 * @param fairness give each run its tenant as fairness key, so that within one priority Temporal
 *     takes tenants' waiting runs in turn instead of first come, first served
 * @param tenantWeights a tenant's share relative to the others' (default 1.0, 0.001 to 1000)
 */
public record PriorityConfig(Boolean enabled, Integer userImmediate, Integer systemWebhook, Integer systemScheduled,
        Boolean fairness, Map<String, Double> tenantWeights) {
    /** Temporal's default number of priority levels ({@code matching.priorityLevels}). */
    public static final int LOWEST = 5;
    public static final double MIN_WEIGHT = 0.001;
    public static final double MAX_WEIGHT = 1000;

    public PriorityConfig {
        enabled = enabled == null || enabled;
        userImmediate = key("userImmediate", userImmediate, 1);
        systemWebhook = key("systemWebhook", systemWebhook, 3);
        systemScheduled = key("systemScheduled", systemScheduled, 4);
        fairness = fairness == null || fairness;
        tenantWeights = tenantWeights == null ? Map.of() : Map.copyOf(tenantWeights);
        tenantWeights.forEach(PriorityConfig::checkWeight);
    }

    public static PriorityConfig defaults() {
        return new PriorityConfig(null, null, null, null, null, null);
    }

    private static int key(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > LOWEST) {
            throw new IllegalArgumentException("priority." + name + " must be 1 (first) to " + LOWEST
                    + " (last), got " + value);
        }
        return value;
    }

    private static void checkWeight(String tenant, Double weight) {
        if (!TenantIds.isValid(tenant)) {
            throw new IllegalArgumentException("priority.tenantWeights: '" + tenant + "' is not a tenant id ("
                    + TenantIds.RULE + ")");
        }
        if (weight == null || !(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("priority.tenantWeights." + tenant + " must be " + MIN_WEIGHT
                    + " to " + MAX_WEIGHT + ", got " + weight);
        }
    }
}
