package dev.graphlaunch.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Moves a run to a final status: {@code succeeded}, {@code failed}, {@code skipped} or {@code cancelled}. */
public record FinishRun(String status, JsonNode output, String errorCode, String errorMessage) {}
