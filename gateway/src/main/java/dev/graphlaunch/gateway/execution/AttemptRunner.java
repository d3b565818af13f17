package dev.graphlaunch.gateway.execution;

import dev.graphlaunch.contracts.runs.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.events.RunEventDao;
import dev.graphlaunch.gateway.events.RunEventLog;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
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

    private final Jdbi jdbi;
    private final GraphExecutorPort executor;
    private final RunEventLog events;

    public AttemptRunner(Jdbi jdbi, GraphExecutorPort executor, RunEventLog events) {
        this.jdbi = jdbi;
        this.executor = executor;
        this.events = events;
    }

    public AttemptResult run(GraphRun run, int attempt) {
        boolean owned = jdbi.inTransaction(handle -> {
            if (handle.attach(GraphRunAttemptDao.class).begin(run.id(), attempt) == 0) {
                return false;
            }
            handle.attach(GraphRunDao.class).recordAttempt(run.id(), attempt);
            handle.attach(RunEventDao.class).append(run.id(), RunEventSink.STATUS,
                    json().put("status", RunStatus.RUNNING.wire()).put("attempt", attempt));
            return true;
        });
        if (!owned) {
            return earlierOutcome(run, attempt);
        }
        AttemptResult result = execute(run, attempt);
        jdbi.useTransaction(handle -> {
            handle.attach(GraphRunAttemptDao.class).finish(run.id(), attempt, result);
            handle.attach(RunEventDao.class).append(run.id(), outcomeType(result), outcomeEvent(result, attempt));
        });
        return result;
    }

    private static String outcomeType(AttemptResult result) {
        return result.succeeded() ? RunEventSink.FINAL : RunEventSink.ERROR;
    }

    private static JsonNode outcomeEvent(AttemptResult result, int attempt) {
        ObjectNode event = json().put("attempt", attempt);
        if (result.succeeded()) {
            return event.set("output", result.output());
        }
        return event.put("code", result.errorCode()).put("message", result.errorMessage())
                .put("retryable", result.retryable());
    }

    private static ObjectNode json() {
        return JsonNodeFactory.instance.objectNode();
    }

    private AttemptResult execute(GraphRun run, int attempt) {
        GraphInvocation invocation = new GraphInvocation(run.id(), attempt, run.tenantId(),
                GraphId.parse(run.graphId()), run.input(), events.sinkFor(run.id(), attempt));
        try {
            GraphResult result = executor.execute(invocation);
            return AttemptResult.succeeded(result.output());
        } catch (GraphExecutionException e) {
            return AttemptResult.failed(e.errorCode(), e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            LOG.error("Graph {} failed unexpectedly in run {} attempt {}", run.graphId(), run.id(), attempt, e);
            return AttemptResult.failed(ErrorCode.INTERNAL, "the graph failed unexpectedly", true);
        }
    }

    private AttemptResult earlierOutcome(GraphRun run, int attempt) {
        Optional<GraphRunAttempt> earlier = jdbi.withExtension(GraphRunAttemptDao.class, dao -> dao.find(run.id(), attempt));
        return earlier.filter(found -> found.status() != AttemptStatus.RUNNING)
                .map(found -> new AttemptResult(found.status(), found.output(), found.errorCode(),
                        found.errorMessage(), found.retryable()))
                .orElseGet(() -> new AttemptResult(AttemptStatus.INTERRUPTED, null, ErrorCode.INTERNAL.wire(),
                        "attempt " + attempt + " began earlier and did not finish", true));
    }
}
