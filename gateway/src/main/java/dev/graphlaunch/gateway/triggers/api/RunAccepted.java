package dev.graphlaunch.gateway.triggers.api;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.RunLinks;

/** What a trigger answers: where to find the run it started. */
public record RunAccepted(String runId, String workflowId, RunStatus status, RunLinks links) {}
