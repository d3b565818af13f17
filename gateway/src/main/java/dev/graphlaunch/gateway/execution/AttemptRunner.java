package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.events.RunEventLog;
import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunLedger;
import io.dropwizard.lifecycle.Managed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one attempt of a run through the executor port, at most once per (run, attempt), and at
 * most one attempt of a run at a time (docs/execution.md, "One attempt at a time"):
 * <ul>
 *   <li>a repeated call for a finished attempt gets the recorded result; one for an attempt that
 *       began and never finished (the gateway died mid-run) is told it was interrupted;
 *   <li>beginning attempt n raises the run's fence ({@code graph_runs.attempt}); attempt n-1, if it
 *       still runs in this process, is cancelled, and wherever it runs its late writes (result,
 *       events, receipts' standing) check the fence in SQL and are discarded;
 *   <li>the gateway enforces {@code execution.runTimeout} itself and the output limit
 *       {@code execution.maxOutputBytes};
 *   <li>an attempt whose run ended by another path (the reconciler, a cancel through another
 *       replica) is stopped within {@code execution.endedRunCheck}: its writes were fenced already,
 *       this spares the provider call and the thread.
 * </ul>
 * The answer never carries the output: the gateway keeps it in {@code graph_run_attempts}, and the
 * workflow's finish refers to the attempt, so no output size can trap a run in Temporal.
 */
public class AttemptRunner implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    private final RunLedger ledger;
    private final GraphExecutorPort executor;
    private final RunEventLog events;
    private final Duration runTimeout;
    private final long maxOutputBytes;
    private final Duration endedRunCheck;
    private ScheduledExecutorService watch;
    private final ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.numbered("graph-attempt"));
    /** The attempt of each run executing in this process now, so a newer attempt or the run's end can cancel it. */
    private final Map<UUID, InFlight> inFlight = new ConcurrentHashMap<>();

    public AttemptRunner(RunLedger ledger, GraphExecutorPort executor, RunEventLog events, ExecutionConfig limits) {
        this.ledger = ledger;
        this.executor = executor;
        this.events = events;
        this.runTimeout = Duration.ofMillis(limits.runTimeout().toMilliseconds());
        this.maxOutputBytes = limits.maxOutputBytes().toBytes();
        this.endedRunCheck = Duration.ofMillis(limits.endedRunCheck().toMilliseconds());
    }

    @Override
    public void start() {
        watch = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("attempt-ended-run-watch"));
        watch.scheduleWithFixedDelay(this::abandonEndedRuns, endedRunCheck.toMillis(), endedRunCheck.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        watch.shutdownNow();
        watch.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Stops every attempt executing here whose run has ended meanwhile; one query, none when idle. */
    public void abandonEndedRuns() {
        try {
            ledger.endedAmong(Set.copyOf(inFlight.keySet())).forEach(this::abandon);
        } catch (RuntimeException e) {
            // The database is away: the attempts stay fenced, and the next look tries again.
            LOG.warn("Could not check whether the runs executing here have ended: {}", e.toString());
        }
    }

    public AttemptResult run(GraphRun run, int attempt) {
        LogContext.forRun(run.id(), run.workflowId(), run.tenantId());
        switch (ledger.beginAttempt(run.id(), attempt)) {
            case REPEATED:
                return earlierOutcome(run, attempt);
            case FENCED:
                return discarded(attempt);
            case OWNED:
            default:
                break;
        }
        AttemptResult result = limitOutput(executeWithin(run, attempt));
        if (!ledger.finishAttempt(run.id(), attempt, result)) {
            LOG.warn("Run {} attempt {} lost its fence while it ran; its result ({}) is discarded",
                    run.id(), attempt, result.status().wire());
            return discarded(attempt);
        }
        return withoutOutput(result);
    }

    /**
     * The run ended (e.g. cancelled): its attempt running here stops now. Its writes are fenced in
     * any case; this only spares the provider call.
     */
    public void abandon(UUID runId) {
        InFlight running = inFlight.get(runId);
        if (running != null) {
            LOG.info("Run {} ended; cancelling its attempt {} still running here", runId, running.attempt());
            running.future().cancel(true);
        }
    }

    private AttemptResult executeWithin(GraphRun run, int attempt) {
        Future<AttemptResult> future = pool.submit(() -> execute(run, attempt));
        InFlight mine = new InFlight(attempt, future);
        InFlight older = inFlight.put(run.id(), mine);
        if (older != null && older.attempt() < attempt) {
            LOG.warn("Run {} attempt {} began while attempt {} still ran here; cancelling {}", run.id(), attempt,
                    older.attempt(), older.attempt());
            older.future().cancel(true);
        }
        try {
            return future.get(runTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return AttemptResult.failed(ErrorCode.TIMEOUT,
                    "the graph did not finish within the run timeout (" + runTimeout + ")", true);
        } catch (CancellationException e) {
            // A newer attempt or the run's end cancelled us; finishAttempt will find the fence gone.
            return AttemptResult.failed(ErrorCode.INTERNAL, "attempt " + attempt + " was cancelled", true);
        } catch (ExecutionException e) {
            LOG.error("Graph {} failed unexpectedly in run {} attempt {}", run.graphId(), run.id(), attempt, e.getCause());
            return AttemptResult.failed(ErrorCode.INTERNAL, "the graph failed unexpectedly", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return AttemptResult.failed(ErrorCode.INTERNAL, "the gateway stopped while attempt " + attempt + " ran",
                    true);
        } finally {
            inFlight.remove(run.id(), mine);
        }
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

    /** Compact JSON in UTF-8, as stored and served. A larger output would only fail later, somewhere worse. */
    private AttemptResult limitOutput(AttemptResult result) {
        if (!result.succeeded() || result.output() == null) {
            return result;
        }
        long size = result.output().toString().getBytes(StandardCharsets.UTF_8).length;
        if (size <= maxOutputBytes) {
            return result;
        }
        return AttemptResult.failed(ErrorCode.OUTPUT_TOO_LARGE,
                "the graph's output is " + size + " bytes; execution.maxOutputBytes is " + maxOutputBytes, false);
    }

    private AttemptResult earlierOutcome(GraphRun run, int attempt) {
        return ledger.attempt(run.id(), attempt)
                .filter(found -> found.status() != AttemptStatus.RUNNING)
                .map(found -> found.status() == AttemptStatus.DISCARDED
                        ? discarded(attempt)
                        : new AttemptResult(found.status(), null, found.errorCode(), found.errorMessage(),
                                found.retryable()))
                .orElseGet(() -> new AttemptResult(AttemptStatus.INTERRUPTED, null, ErrorCode.INTERNAL.wire(),
                        "attempt " + attempt + " began earlier and did not finish", true));
    }

    private static AttemptResult discarded(int attempt) {
        return new AttemptResult(AttemptStatus.DISCARDED, null, ErrorCode.INTERNAL.wire(),
                "attempt " + attempt + " lost its fence: a later attempt began or the run ended", true);
    }

    private static AttemptResult withoutOutput(AttemptResult result) {
        return new AttemptResult(result.status(), null, result.errorCode(), result.errorMessage(), result.retryable());
    }

    private record InFlight(int attempt, Future<AttemptResult> future) {}
}
