package dev.graphlaunch.gateway.triggers.api;

import dev.graphlaunch.gateway.runs.RunLinks;

/** What a trigger answers: where to find the run it started. */
public record RunAccepted(String runId, String workflowId, String status, RunLinks links) {}
