package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.contracts.runs.AttemptStatus;
import java.math.BigDecimal;
import java.time.Instant;

/** One attempt with its receipts summed, as {@link RunAttemptDao} reads it. */
public record AttemptRow(
        int attempt,
        AttemptStatus status,
        Instant startedAt,
        Instant finishedAt,
        String errorCode,
        String errorMessage,
        boolean retryable,
        long receipts,
        long tokensIn,
        long tokensOut,
        BigDecimal cost,
        BigDecimal credits,
        long fencedReceipts) {}
