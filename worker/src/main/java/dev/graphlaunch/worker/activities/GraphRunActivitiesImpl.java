package dev.graphlaunch.worker.activities;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.worker.gateway.GatewayClient;
import dev.graphlaunch.worker.gateway.GatewayUnavailableException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class GraphRunActivitiesImpl implements GraphRunActivities {
    private static final Logger LOG = LoggerFactory.getLogger(GraphRunActivitiesImpl.class);
    /** Well inside the 30 s heartbeat timeout, so one slow tick never looks like a dead worker. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    private final GatewayClient gateway;
    private final Duration heartbeatInterval;

    public GraphRunActivitiesImpl(GatewayClient gateway) {
        this(gateway, HEARTBEAT_INTERVAL);
    }

    GraphRunActivitiesImpl(GatewayClient gateway, Duration heartbeatInterval) {
        this.gateway = gateway;
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public RunRecord recordRunStarted(RecordRunStarted request) {
        try (var logContext = ActivityLogContext.open(request.run().runId(), request.run().tenantId())) {
            RunRecord record = gateway.recordRunStarted(request);
            ActivityLogContext.put(ActivityLogContext.RUN_ID, record.runId());
            LOG.info("Run recorded {} at attempt {}", record.status().wire(), record.attempt());
            return record;
        }
    }

    @Override
    public BegunRun beginRun(RecordRunStarted request) {
        return gateway.beginRun(request);
    }

    @Override
    public GrantDecision checkGrant(String runId) {
        try (var logContext = ActivityLogContext.open(runId, null)) {
            return gateway.checkGrant(runId);
        }
    }

    @Override
    public AttemptResult executeAttempt(String graphId, ExecuteAttempt request) {
        try (var logContext = ActivityLogContext.open(request.runId(), null)) {
            AttemptResult result = awaitAttempt(graphId, request);
            LOG.info("Attempt {} of {} ended {}{}", request.attempt(), graphId, result.status().wire(),
                    result.errorCode() == null ? "" : " (" + result.errorCode() + ")");
            return result;
        }
    }

    private AttemptResult awaitAttempt(String graphId, ExecuteAttempt request) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        CompletableFuture<AttemptResult> call = gateway.executeAttemptAsync(graphId, request);
        try {
            while (true) {
                try {
                    return call.get(heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // Throws if the activity was cancelled or timed out: then we stop waiting.
                    context.heartbeat(request.attempt());
                }
            }
        } catch (ExecutionException e) {
            throw GatewayClient.unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailableException("interrupted while the graph ran", e);
        } finally {
            call.cancel(true);
        }
    }

    @Override
    public RunRecord finishRun(String runId, FinishRun request) {
        try (var logContext = ActivityLogContext.open(runId, null)) {
            RunRecord record = gateway.finishRun(runId, request);
            LOG.info("Run finished {}{}", request.status().wire(),
                    request.errorCode() == null ? "" : " (" + request.errorCode() + ")");
            return record;
        }
    }
}
