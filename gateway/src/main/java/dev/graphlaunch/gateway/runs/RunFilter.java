package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;

/** The optional filters of {@code GET /api/v1/runs}; null means "any". */
public record RunFilter(RunStatus status, RunKind runKind, String triggerSource, String graphId) {}
