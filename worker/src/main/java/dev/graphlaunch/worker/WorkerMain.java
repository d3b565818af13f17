package dev.graphlaunch.worker;

import dev.graphlaunch.contracts.workflow.TaskQueues;
import com.uber.m3.tally.Scope;
import dev.graphlaunch.worker.metrics.MetricsConfig;
import dev.graphlaunch.worker.metrics.MetricsEndpoint;
import dev.graphlaunch.worker.metrics.WorkerMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of worker.jar: configuration from the environment, then poll until SIGTERM. */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    /** Read by logback.xml, which picks its appender by this name. */
    public static final String LOG_FORMAT = "GRAPHLAUNCH_LOG_FORMAT";

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config;
        MetricsConfig metricsConfig;
        String logFormat = System.getenv().getOrDefault(LOG_FORMAT, "text");
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            System.err.println("worker: " + LOG_FORMAT + " must be text or json, got '" + logFormat + "'");
            System.exit(2);
            return;
        }
        try {
            config = WorkerConfig.fromEnvironment(System.getenv());
            metricsConfig = MetricsConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = WorkerMeters.prometheusWithJvm();
        MetricsEndpoint endpoint = null;
        if (metricsConfig.enabled()) {
            try {
                endpoint = MetricsEndpoint.start(meters, metricsConfig.bindHost(), metricsConfig.port());
            } catch (java.io.UncheckedIOException e) {
                log.error("{} ({}: {})", e.getMessage(), MetricsConfig.PORT, e.getCause().toString());
                System.exit(2);
                return;
            }
            log.info("metrics at http://{}:{}/metrics", metricsConfig.bindHost(), endpoint.port());
        }
        MetricsEndpoint metricsEndpoint = endpoint;
        Scope temporalMetrics = WorkerMeters.temporalScope(meters);
        GraphWorker worker;
        try {
            worker = GraphWorker.start(config, temporalMetrics);
        } catch (IllegalStateException e) {
            // Exit non-zero so the supervisor restarts us once Temporal is reachable.
            log.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping worker");
            worker.close();
            closeQuietly(temporalMetrics);
            if (metricsEndpoint != null) {
                metricsEndpoint.close();
            }
            stopped.countDown();
        }, "worker-shutdown"));
        log.info("worker polling task queue {} at Temporal {}", TaskQueues.GRAPH_RUNS, config.temporal().describe());
        // Temporal's pollers may be daemon threads; keep the JVM alive until the hook has run.
        stopped.await();
    }

    /** Runs in the shutdown hook: a failed last flush must not stop the rest of the shutdown. */
    private static void closeQuietly(Scope scope) {
        try {
            scope.close();
        } catch (Exception e) {
            log.warn("could not flush the last Temporal metrics: {}", e.toString());
        }
    }
}
