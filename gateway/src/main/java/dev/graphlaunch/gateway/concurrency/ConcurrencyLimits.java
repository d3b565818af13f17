package dev.graphlaunch.gateway.concurrency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.SlotKey;
import java.util.ArrayList;
import java.util.List;

/** Which limits a run must fit under, from {@link ConcurrencyConfig}; the keys are documented there. */
public final class ConcurrencyLimits {
    /** Interactive runs go ahead of scheduled and webhook ones waiting for the same key. */
    static final int INTERACTIVE = 0;
    static final int BACKGROUND = 1;

    private final ConcurrencyConfig config;

    public ConcurrencyLimits(ConcurrencyConfig config) {
        this.config = config;
    }

    /** False when nothing is limited: begin then takes exactly the path it took before limits existed. */
    public boolean configured() {
        return config.apiPerTenant() != null || config.webhookPerRepository() != null
                || config.scheduledPerSchedule() != null || !config.graphs().isEmpty();
    }

    /** @return the run's keys, empty when none is limited */
    public List<SlotKey> keysFor(GraphRun run) {
        List<SlotKey> keys = new ArrayList<>(2);
        RunKind kind = run.runKind();
        if (kind == RunKind.USER_IMMEDIATE && config.apiPerTenant() != null) {
            keys.add(new SlotKey("tenant:" + run.tenantId(), config.apiPerTenant()));
        } else if (kind == RunKind.SYSTEM_WEBHOOK && config.webhookPerRepository() != null) {
            String repository = text(run.triggerMetadata(), "repository", text(run.input(), "repo", null));
            if (repository != null) {
                keys.add(new SlotKey("repo:" + repository, config.webhookPerRepository()));
            }
        } else if (kind == RunKind.SYSTEM_SCHEDULED && config.scheduledPerSchedule() != null) {
            String schedule = text(run.triggerMetadata(), "scheduleId", null);
            if (schedule != null) {
                keys.add(new SlotKey("schedule:" + schedule, config.scheduledPerSchedule()));
            }
        }
        Integer graphLimit = config.graphs().get(run.graphId());
        if (graphLimit != null) {
            keys.add(new SlotKey("graph:" + run.graphId(), graphLimit));
        }
        return keys;
    }

    public static int priority(GraphRun run) {
        return run.runKind() == RunKind.USER_IMMEDIATE ? INTERACTIVE : BACKGROUND;
    }

    public long recheckAfterSeconds() {
        return config.recheckInterval().toSeconds();
    }

    private static String text(JsonNode node, String field, String fallback) {
        if (node == null || !node.path(field).isTextual() || node.path(field).asText().isBlank()) {
            return fallback;
        }
        return node.path(field).asText();
    }
}
