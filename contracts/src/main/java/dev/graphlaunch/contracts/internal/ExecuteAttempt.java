package dev.graphlaunch.contracts.internal;

/** Execute attempt {@code attempt} (1-based) of run {@code runId}; idempotent on the pair. */
public record ExecuteAttempt(String runId, int attempt) {}
