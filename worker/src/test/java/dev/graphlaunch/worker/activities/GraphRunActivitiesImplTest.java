package dev.graphlaunch.worker.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.worker.gateway.GatewayClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphRunActivitiesImplTest {
    private final TestActivityEnvironment testEnv = TestActivityEnvironment.newInstance();

    @AfterEach
    void closeEnvironment() {
        testEnv.close();
    }

    @Test
    void executeAttemptHeartbeatsWhileTheGraphRuns() {
        ExecuteAttempt request = new ExecuteAttempt("run-1", 3);
        AttemptResult succeeded = new AttemptResult(AttemptResult.SUCCEEDED, null, null, null, false);
        GatewayClient gateway = mock(GatewayClient.class);
        when(gateway.executeAttemptAsync("builtin:echo", request)).thenReturn(CompletableFuture.supplyAsync(
                () -> succeeded, CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS)));
        testEnv.registerActivitiesImplementations(new GraphRunActivitiesImpl(gateway, Duration.ofMillis(50)));
        List<Integer> heartbeats = new CopyOnWriteArrayList<>();
        testEnv.setActivityHeartbeatListener(Integer.class, heartbeats::add);
        GraphRunActivities activities = testEnv.newActivityStub(GraphRunActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

        AttemptResult result = activities.executeAttempt("builtin:echo", request);

        assertThat(result).isEqualTo(succeeded);
        assertThat(heartbeats).hasSizeGreaterThanOrEqualTo(3).containsOnly(3);
    }
}
