package dev.graphlaunch.contracts.workflow;

/** The values of {@code graph_runs.trigger_source}: which door a run came in through. */
public final class TriggerSources {
    public static final String API = "api";
    public static final String TEMPORAL_SCHEDULE = "temporal_schedule";
    public static final String GITHUB_WEBHOOK = "webhook:github";

    private TriggerSources() {}
}
