package dev.graphlaunch.worker;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.graphlaunch.contracts.temporal.TemporalProblems;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.worker.activities.GraphRunActivitiesImpl;
import dev.graphlaunch.worker.gateway.GatewayClient;
import dev.graphlaunch.worker.workflow.GraphRunWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running worker polling {@link TaskQueues#GRAPH_RUNS}. Reads no environment and never exits
 * the JVM, so tests can run it in-process.
 */
public final class GraphWorker implements AutoCloseable {
    /** Lets in-flight activities answer before the process goes; Temporal retries the rest. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final WorkflowServiceStubs service;
    private final WorkerFactory factory;

    private GraphWorker(WorkflowServiceStubs service, WorkerFactory factory) {
        this.service = service;
        this.factory = factory;
    }

    public static GraphWorker start(WorkerConfig config) {
        return start(config, new NoopScope());
    }

    /** @param metricsScope where the SDK reports its temporal_* worker metrics ({@code WorkerMeters}) */
    public static GraphWorker start(WorkerConfig config, Scope metricsScope) {
        WorkflowServiceStubs service;
        try {
            service = WorkflowServiceStubs.newServiceStubs(
                    config.temporal().configure(WorkflowServiceStubsOptions.newBuilder())
                            .setMetricsScope(metricsScope).build());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot connect to Temporal at " + config.temporal().describe() + ": "
                    + e.getMessage(), e);
        }
        WorkflowClient client = WorkflowClient.newInstance(
                service, WorkflowClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .setDataConverter(WorkerDataConverter.create())
                        .build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        // Only the execute attempt is a regular activity (begin and finish are local), so this bounds
        // concurrent attempts; beyond it, attempts wait in the task queue in priority order.
        Worker worker = factory.newWorker(TaskQueues.GRAPH_RUNS, WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.maxConcurrentAttempts())
                .build());
        registerWorkflow(worker, config.runTimeout());
        GatewayClient gateway = new GatewayClient(config.gatewayUrl(), config.serviceToken(), config.runTimeout());
        worker.registerActivitiesImplementations(new GraphRunActivitiesImpl(gateway));
        try {
            factory.start(); // checks the namespace, so a wrong address fails here, not in the pollers
        } catch (RuntimeException e) {
            service.shutdownNow();
            // A TLS or credential problem in one sentence; anything else as gRPC put it.
            String why = TemporalProblems.configurationProblem(config.temporal(), e).orElse(e.getMessage());
            throw new IllegalStateException("cannot start polling Temporal at " + config.temporal().describe() + ": "
                    + why, e);
        }
        return new GraphWorker(service, factory);
    }

    /**
     * Stops at once, as a killed process would: running activities are interrupted and report
     * nothing, so Temporal notices only by their heartbeat timeout. For fault tests.
     */
    public void kill() {
        factory.shutdownNow();
        service.shutdownNow();
    }

    /**
     * Registers {@link GraphRunWorkflowImpl} as this worker runs it; tests register it the same way.
     * A factory rather than a type, so the execute activity's timeout follows the configured run timeout.
     */
    public static void registerWorkflow(Worker worker, Duration runTimeout) {
        worker.registerWorkflowImplementationFactory(GraphRunWorkflow.class, () -> new GraphRunWorkflowImpl(runTimeout));
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
        service.shutdown();
        service.awaitTermination(5, TimeUnit.SECONDS);
    }
}
