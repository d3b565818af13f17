package dev.graphlaunch.gateway.runs;

import java.util.List;

/** {@code GET /api/v1/runs/{runId}/attempts}: every attempt, first to last. */
public record RunAttempts(String runId, List<AttemptView> items) {}
