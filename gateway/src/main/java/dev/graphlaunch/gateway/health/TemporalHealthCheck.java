package dev.graphlaunch.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalProblems;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Healthy when the frontend answers for our namespace (not only when the TCP port is open). */
public class TemporalHealthCheck extends HealthCheck {
    private final WorkflowServiceStubs stubs;
    private final TemporalConnection connection;

    public TemporalHealthCheck(WorkflowServiceStubs stubs, TemporalConnection connection) {
        this.stubs = stubs;
        this.connection = connection;
    }

    @Override
    protected Result check() {
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(connection.namespace()).build());
            return Result.healthy("namespace " + connection.namespace() + " reachable");
        } catch (RuntimeException e) {
            // A TLS or credential problem (e.g. an expired client certificate) says so, not just "UNAVAILABLE".
            return Result.unhealthy(TemporalProblems.configurationProblem(connection, e)
                    .orElse("Temporal unreachable: " + e.getMessage()));
        }
    }
}
