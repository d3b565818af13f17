package dev.graphlaunch.worker.workflow;

import dev.graphlaunch.worker.gateway.GatewayFailures;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of the workflow's activities. The reasons matter more than the numbers,
 * so they are written down here (and copied into docs/).
 */
final class GraphRunActivityOptions {
    static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(10);

    /** Longer than the client's HTTP timeout (30 s), so a hung call fails with its own message. */
    private static final Duration LEDGER_CALL_TIMEOUT = Duration.ofSeconds(40);
    /** Longer than the HTTP timeout (run timeout + 30 s): the gateway's verdict beats ours. */
    private static final Duration EXECUTE_MARGIN = Duration.ofMinutes(1);
    /** Six missed 5 s heartbeats: a dead worker is noticed in 30 s, not after the run timeout. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    /** Enough to ride out a gateway restart (~2.5 min of backoff), few enough to end a broken run. */
    private static final int EXECUTE_MAX_CALL_ATTEMPTS = 10;

    private static final String[] NEVER_RETRY = {
        GatewayFailures.AUTH_REJECTED, GatewayFailures.RUN_NOT_FOUND, GatewayFailures.REJECTED
    };

    /**
     * Record, grant check, finish: small idempotent writes. Once a trigger was answered 2xx it must
     * not be lost, so these retry without an attempt cap through gateway restarts and deploys; the
     * one-day schedule-to-close turns a gateway that never comes back into a visible failure.
     */
    static final ActivityOptions LEDGER = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(LEDGER_CALL_TIMEOUT)
            .setScheduleToCloseTimeout(Duration.ofDays(1))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setDoNotRetry(NEVER_RETRY)
                    .build())
            .build();

    /**
     * The lean workflow's begin and finish: the same small idempotent calls as {@link #LEDGER}, run
     * as local activities, so each costs one marker event instead of three events and a workflow
     * task. Same budget: no attempt cap, one day to close.
     */
    static final LocalActivityOptions LOCAL_LEDGER = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(LEDGER_CALL_TIMEOUT)
            .setScheduleToCloseTimeout(Duration.ofDays(1))
            .setRetryOptions(LEDGER.getRetryOptions())
            .build();

    private GraphRunActivityOptions() {}

    /**
     * One execution attempt. Temporal's retries here only cover transport failures of the same
     * attempt: the gateway is idempotent on (runId, attempt), and answers "interrupted" if the lost
     * call had already started, so resending is safe. Graph-level retries are the workflow's loop.
     */
    static ActivityOptions execute(Duration runTimeout) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(runTimeout.plus(EXECUTE_MARGIN))
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .setMaximumAttempts(EXECUTE_MAX_CALL_ATTEMPTS)
                        .setDoNotRetry(NEVER_RETRY)
                        .build())
                .build();
    }
}
