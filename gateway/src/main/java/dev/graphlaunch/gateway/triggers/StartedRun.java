package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.gateway.runs.GraphRun;

/** @param replayed true when the trigger's key already had a run: no new run was made */
public record StartedRun(GraphRun run, boolean replayed) {}
