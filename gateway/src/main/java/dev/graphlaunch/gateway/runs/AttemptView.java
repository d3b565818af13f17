package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One execution attempt of a run as clients see it. The output is the run's (an attempt's own is
 * not repeated here); {@code error} is absent for a running or succeeded attempt.
 *
 * @param retryable whether the workflow tries again after this attempt's failure
 * @param usage what the attempt's charge receipts add up to; absent when it wrote none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptView(int attempt, AttemptStatus status, Instant startedAt, Instant finishedAt,
        RunView.RunError error, Boolean retryable, Usage usage) {

    /** @param fencedReceipts receipts of usage the attempt caused after it lost its fence (billed once, set apart) */
    public record Usage(long receipts, long tokensIn, long tokensOut, BigDecimal cost, BigDecimal credits,
            long fencedReceipts) {}

    static AttemptView of(AttemptRow row) {
        RunView.RunError error = row.errorCode() == null && row.errorMessage() == null
                ? null : new RunView.RunError(row.errorCode(), row.errorMessage());
        Usage usage = row.receipts() == 0 ? null : new Usage(row.receipts(), row.tokensIn(), row.tokensOut(),
                row.cost(), row.credits(), row.fencedReceipts());
        return new AttemptView(row.attempt(), row.status(), row.startedAt(), row.finishedAt(), error,
                row.status() == AttemptStatus.RUNNING || row.status() == AttemptStatus.SUCCEEDED ? null : row.retryable(),
                usage);
    }
}
