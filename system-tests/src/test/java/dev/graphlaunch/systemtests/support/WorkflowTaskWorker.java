package dev.graphlaunch.systemtests.support;

import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.worker.GraphWorker;
import dev.graphlaunch.worker.WorkerDataConverter;
import dev.graphlaunch.worker.activities.GraphRunActivitiesImpl;
import dev.graphlaunch.worker.gateway.GatewayClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs GraphRunWorkflow's workflow tasks and local activities (begin, finish) but never polls for
 * attempts: with it alone, every run gets as far as a queued execute attempt and waits there, as
 * runs do behind saturated workers. Lets a test build an exact backlog before any worker takes
 * from it, so the order in which the backlog is served depends on Temporal alone.
 */
public final class WorkflowTaskWorker implements AutoCloseable {
    private final WorkflowServiceStubs service;
    private final WorkerFactory factory;

    private WorkflowTaskWorker(WorkflowServiceStubs service, WorkerFactory factory) {
        this.service = service;
        this.factory = factory;
    }

    public static WorkflowTaskWorker start(String temporalAddress, URI gatewayInternalUrl, String serviceToken) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace("default").setDataConverter(WorkerDataConverter.create()).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(TaskQueues.GRAPH_RUNS,
                WorkerOptions.newBuilder().setLocalActivityWorkerOnly(true).build());
        Duration runTimeout = Duration.ofMinutes(2);
        GraphWorker.registerWorkflow(worker, runTimeout);
        worker.registerActivitiesImplementations(
                new GraphRunActivitiesImpl(new GatewayClient(gatewayInternalUrl, serviceToken, runTimeout)));
        factory.start();
        return new WorkflowTaskWorker(service, factory);
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(30, TimeUnit.SECONDS);
        service.shutdown();
        service.awaitTermination(5, TimeUnit.SECONDS);
    }
}
