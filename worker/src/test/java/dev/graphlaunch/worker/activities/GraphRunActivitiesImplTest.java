package dev.graphlaunch.worker.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.worker.WorkerDataConverter;
import dev.graphlaunch.worker.gateway.GatewayClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphRunActivitiesImplTest {
    private final TestActivityEnvironment testEnv = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                    .setDataConverter(WorkerDataConverter.create())
                    .build())
            .build());

    @AfterEach
    void closeEnvironment() {
        testEnv.close();
    }

    @Test
    void executeAttemptKeepsHeartbeatingWhileTheGraphRuns() {
        ExecuteAttempt request = new ExecuteAttempt("run-1", 3);
        AttemptResult succeeded = AttemptResult.succeeded(null);
        // The graph "runs" until the activity has heartbeated twice, so a slow machine cannot make
        // the graph finish before the first tick; a worker that never heartbeats fails after 30 s.
        CompletableFuture<AttemptResult> graph = new CompletableFuture<AttemptResult>().orTimeout(30, TimeUnit.SECONDS);
        GatewayClient gateway = mock(GatewayClient.class);
        when(gateway.executeAttemptAsync("builtin:echo", request)).thenReturn(graph);
        testEnv.registerActivitiesImplementations(new GraphRunActivitiesImpl(gateway, Duration.ofMillis(50)));
        List<Integer> heartbeats = new CopyOnWriteArrayList<>();
        testEnv.setActivityHeartbeatListener(Integer.class, details -> {
            heartbeats.add(details);
            if (heartbeats.size() >= 2) {
                graph.complete(succeeded);
            }
        });
        GraphRunActivities activities = testEnv.newActivityStub(GraphRunActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofMinutes(1))
                        // The SDK throttles heartbeats to 0.8 x this timeout; short, so each tick reaches the listener.
                        .setHeartbeatTimeout(Duration.ofMillis(400))
                        .build());

        AttemptResult result = activities.executeAttempt("builtin:echo", request);

        assertThat(result).isEqualTo(succeeded);
        assertThat(heartbeats).hasSizeGreaterThanOrEqualTo(2).containsOnly(3);
    }
}
