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

public class GraphRunActivitiesImpl implements GraphRunActivities {
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
        return gateway.recordRunStarted(request);
    }

    @Override
    public BegunRun beginRun(RecordRunStarted request) {
        return gateway.beginRun(request);
    }

    @Override
    public GrantDecision checkGrant(String runId) {
        return gateway.checkGrant(runId);
    }

    @Override
    public AttemptResult executeAttempt(String graphId, ExecuteAttempt request) {
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
        return gateway.finishRun(runId, request);
    }
}
