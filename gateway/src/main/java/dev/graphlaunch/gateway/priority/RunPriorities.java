package dev.graphlaunch.gateway.priority;

import dev.graphlaunch.contracts.runs.RunKind;
import io.temporal.common.Priority;
import java.util.Optional;

/**
 * The Temporal {@link Priority} a run's workflow is started with. Activities inherit it, so the
 * execute attempt, the only task that waits for a worker slot, is ordered by it too. It applies
 * when the run's tasks are queued: runs already waiting keep what they were started with.
 */
public final class RunPriorities {
    private final PriorityConfig config;

    public RunPriorities(PriorityConfig config) {
        this.config = config;
    }

    public static RunPriorities defaults() {
        return new RunPriorities(PriorityConfig.defaults());
    }

    /** Empty when priority and fairness are both off: the workflow is started exactly as before. */
    public Optional<Priority> of(RunKind kind, String tenantId) {
        if (!config.enabled() && !config.fairness()) {
            return Optional.empty();
        }
        Priority.Builder priority = Priority.newBuilder();
        if (config.enabled()) {
            priority.setPriorityKey(keyOf(kind));
        }
        if (config.fairness()) {
            priority.setFairnessKey(tenantId);
            Double weight = config.tenantWeights().get(tenantId);
            if (weight != null) {
                priority.setFairnessWeight(weight.floatValue());
            }
        }
        return Optional.of(priority.build());
    }

    private int keyOf(RunKind kind) {
        return switch (kind) {
            case USER_IMMEDIATE -> config.userImmediate();
            case SYSTEM_WEBHOOK -> config.systemWebhook();
            case SYSTEM_SCHEDULED -> config.systemScheduled();
        };
    }
}
