package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.events.RunEventLog;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one attempt of a run through the executor port, at most once per (run, attempt): a
 * repeated call for a finished attempt gets the recorded result, and a repeated call for an
 * attempt that began but never finished (the gateway died mid-run) is told it was interrupted, so
 * the workflow moves on to a new attempt instead of trusting a half-done one.
 */
public class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    private final RunLedger ledger;
    private final GraphExecutorPort executor;
    private final RunEventLog events;

    public AttemptRunner(RunLedger ledger, GraphExecutorPort executor, RunEventLog events) {
        this.ledger = ledger;
        this.executor = executor;
        this.events = events;
    }

    public AttemptResult run(GraphRun run, int attempt) {
        LogContext.forRun(run.id(), run.workflowId(), run.tenantId());
        if (!ledger.beginAttempt(run.id(), attempt)) {
            return earlierOutcome(run, attempt);
        }
        AttemptResult result = execute(run, attempt);
        ledger.finishAttempt(run.id(), attempt, result);
        return result;
    }

    private AttemptResult execute(GraphRun run, int attempt) {
        GraphInvocation invocation = new GraphInvocation(run.id(), attempt, run.tenantId(),
                GraphId.parse(run.graphId()), run.input(), events.sinkFor(run.id(), attempt));
        try {
            return AttemptResult.succeeded(executor.execute(invocation).output());
        } catch (GraphExecutionException e) {
            return AttemptResult.failed(e.errorCode(), e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            LOG.error("Graph {} failed unexpectedly in run {} attempt {}", run.graphId(), run.id(), attempt, e);
            return AttemptResult.failed(ErrorCode.INTERNAL, "the graph failed unexpectedly", true);
        }
    }

    private AttemptResult earlierOutcome(GraphRun run, int attempt) {
        return ledger.attempt(run.id(), attempt)
                .filter(found -> found.status() != AttemptStatus.RUNNING)
                .map(found -> new AttemptResult(found.status(), found.output(), found.errorCode(),
                        found.errorMessage(), found.retryable()))
                .orElseGet(() -> new AttemptResult(AttemptStatus.INTERRUPTED, null, ErrorCode.INTERNAL.wire(),
                        "attempt " + attempt + " began earlier and did not finish", true));
    }
}
