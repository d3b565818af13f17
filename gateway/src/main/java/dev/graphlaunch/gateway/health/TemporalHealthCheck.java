package dev.graphlaunch.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Healthy when the frontend answers for our namespace (not only when the TCP port is open). */
public class TemporalHealthCheck extends HealthCheck {
    private final WorkflowServiceStubs stubs;
    private final String namespace;

    public TemporalHealthCheck(WorkflowServiceStubs stubs, String namespace) {
        this.stubs = stubs;
        this.namespace = namespace;
    }

    @Override
    protected Result check() {
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
            return Result.healthy("namespace " + namespace + " reachable");
        } catch (RuntimeException e) {
            return Result.unhealthy("Temporal unreachable: " + e.getMessage());
        }
    }
}
