package dev.graphlaunch.worker;

import dev.graphlaunch.contracts.workflow.TaskQueues;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of worker.jar: configuration from the environment, then poll until SIGTERM. */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        GraphWorker worker;
        try {
            worker = GraphWorker.start(config);
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
            stopped.countDown();
        }, "worker-shutdown"));
        log.info("worker polling task queue {} at Temporal {}", TaskQueues.GRAPH_RUNS, config.temporal().describe());
        // Temporal's pollers may be daemon threads; keep the JVM alive until the hook has run.
        stopped.await();
    }
}
