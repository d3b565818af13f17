package dev.graphlaunch.gateway.runs;

/** The optional filters of {@code GET /api/v1/runs}; null means "any". */
public record RunFilter(String status, String runKind, String triggerSource, String graphId) {}
