package dev.graphlaunch.systemtests.bench;

import com.google.protobuf.Timestamp;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * End to end (run with {@code bin/bench e2e [N] [CONCURRENCY] [file|memory|both]}): a burst of N chat
 * triggers ({@code builtin:echo}) with the worker running, against a baseline in the same run on the
 * same Temporal server: N {@link NoopBaseline} workflows started by {@code WorkflowClient.start} at the
 * same concurrency, run by a worker built like the production one (default {@code WorkerFactoryOptions}
 * and {@code WorkerOptions}, as {@code GraphWorker} uses) on a task queue of their own.
 *
 * <p>Gateway: runs completed per second from the burst's first request to the last run's
 * {@code finished_at}, and created→finished per run. Baseline: from the first start to the last
 * close Temporal records, and start→close per workflow.
 */
public final class EndToEndBenchmark {
    private static final String NOOP_QUEUE = "bench-noop";
    /** The dev server keeps working after a burst (timers, visibility); the next phase should not pay for it. */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final List<String> PROFILES = new ArrayList<>();

    private EndToEndBenchmark() {}

    /** One side's figures. */
    record Figures(int count, int failed, double perSecond, double p50Millis, double p99Millis) {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        List<String> kinds = args.length > 2 && !args[2].equals("both") ? List.of(args[2]) : List.of("file", "memory");
        List<String> lines = new ArrayList<>();
        for (String kind : kinds) {
            try (BenchTemporal temporal = BenchTemporal.start(kind)) {
                lines.addAll(measure(temporal, count, concurrency));
            }
        }
        System.out.printf(Locale.ROOT, "%nEnd to end: burst of %d runs, %d concurrent callers, load average %s%n",
                count, concurrency, BenchStats.loadAverage());
        System.out.printf(Locale.ROOT, "%-7s %-46s %10s %9s %9s %7s%n", "server", "what", "runs/s", "p50 ms", "p99 ms",
                "ratio");
        lines.forEach(System.out::println);
        PROFILES.forEach(profile -> System.out.println("\n" + profile));
        System.exit(0);
    }

    private static List<String> measure(BenchTemporal temporal, int count, int concurrency) throws Exception {
        try (SystemUnderTest system = SystemUnderTest.against(temporal.address())) {
            system.startGateway();
            system.startWorker();
            WorkflowClient client = system.temporalClient();
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(NOOP_QUEUE);
            worker.registerWorkflowImplementationTypes(NoopBaseline.NoopWorkflowImpl.class);
            worker.registerActivitiesImplementations(new NoopBaseline.NoopActivityImpl());
            factory.start();
            try {
                // Warm-up: JIT, connection pools, the worker's sticky caches; not counted. A fresh dev
                // server can answer "namespace not found" for a few seconds after it describes it.
                for (int attempt = 1; ; attempt++) {
                    try {
                        baseline(client, 20, concurrency);
                        break;
                    } catch (ExecutionException e) {
                        if (attempt == 30) {
                            throw e;
                        }
                        Thread.sleep(2000);
                    }
                }
                gateway(system, 20, concurrency);
                Thread.sleep(SETTLE.toMillis());
                Figures base = baseline(client, count, concurrency);
                Thread.sleep(SETTLE.toMillis());
                Figures gate = gateway(system, count, concurrency);
                // Profiled apart from the measured burst, so JFR's own cost does not count against the gateway.
                Thread.sleep(SETTLE.toMillis());
                AcceptProfile jfr = AcceptProfile.start();
                gateway(system, Math.max(20, count / 2), concurrency);
                PROFILES.add(jfr.stopAndSummarise(Path.of("system-tests/target/bench-e2e-" + temporal.kind + ".jfr"),
                        "end-to-end burst (" + temporal.kind + " server, not the measured one)"));
                return List.of(
                        line(temporal.kind, "baseline: no-op workflow, start->close", base, ""),
                        line(temporal.kind, "gateway: chat builtin:echo, created->finished", gate,
                                String.format(Locale.ROOT, "%.2f", gate.perSecond() / base.perSecond())));
            } finally {
                factory.shutdownNow();
                factory.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String line(String kind, String what, Figures figures, String ratio) {
        String failed = figures.failed() == 0 ? "" : " (" + figures.failed() + " not succeeded)";
        return String.format(Locale.ROOT, "%-7s %-46s %10.1f %9.0f %9.0f %7s%s", kind, what, figures.perSecond(),
                figures.p50Millis(), figures.p99Millis(), ratio, failed).stripTrailing();
    }

    private static Figures baseline(WorkflowClient client, int count, int concurrency) throws Exception {
        String prefix = "bench-noop-" + UUID.randomUUID() + "-";
        long began = System.currentTimeMillis();
        burst(count, concurrency, i -> WorkflowClient.start(client.newWorkflowStub(NoopBaseline.NoopWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(prefix + i).setTaskQueue(NOOP_QUEUE).build())::run));
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(client.newUntypedWorkflowStub(prefix + i).getResultAsync(Void.class));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        List<Double> latencies = new ArrayList<>();
        long lastClose = 0;
        for (int i = 0; i < count; i++) {
            WorkflowExecutionInfo info = client.getWorkflowServiceStubs().blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(prefix + i)).build())
                    .getWorkflowExecutionInfo();
            long start = millis(info.getStartTime());
            long close = millis(info.getCloseTime());
            latencies.add((double) (close - start));
            lastClose = Math.max(lastClose, close);
        }
        return figures(count, 0, began, lastClose, latencies);
    }

    private static Figures gateway(SystemUnderTest system, int count, int concurrency) throws Exception {
        String tenant = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        String key = system.issueKey(tenant, "bench@example.test", "runs:write", "runs:read", "builtin:*");
        HttpJson http = system.http();
        Map<String, Object> body = Map.of("graphId", "builtin:echo", "message", "bench");
        long began = System.currentTimeMillis();
        burst(count, concurrency, i -> {
            Reply reply = http.postJson("/api/v1/ai/chat", key, body, Map.of("Idempotency-Key", "e2e-" + i));
            if (reply.status() != 202) {
                throw new IllegalStateException("trigger answered " + reply.status() + ": " + reply.body());
            }
        });
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (system.count("select count(*) from graph_runs where tenant_id = ? and finished_at is not null", tenant)
                < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("runs not finished within " + DEADLINE);
            }
            Thread.sleep(250);
        }
        List<Map<String, Object>> rows = system.jdbi().withHandle(handle -> handle.createQuery(
                "select status, (extract(epoch from created_at) * 1000)::bigint as created,"
                        + " (extract(epoch from finished_at) * 1000)::bigint as finished"
                        + " from graph_runs where tenant_id = ?").bind(0, tenant).mapToMap().list());
        List<Double> latencies = new ArrayList<>();
        long lastFinish = 0;
        int failed = 0;
        for (Map<String, Object> row : rows) {
            long created = ((Number) row.get("created")).longValue();
            long finished = ((Number) row.get("finished")).longValue();
            latencies.add((double) (finished - created));
            lastFinish = Math.max(lastFinish, finished);
            failed += "succeeded".equals(row.get("status")) ? 0 : 1;
        }
        return figures(count, failed, began, lastFinish, latencies);
    }

    private static Figures figures(int count, int failed, long began, long last, List<Double> latencies) {
        double seconds = Math.max(1, last - began) / 1000.0;
        return new Figures(count, failed, count / seconds, BenchStats.percentile(latencies, 50),
                BenchStats.percentile(latencies, 99));
    }

    /** Runs {@code call(0..count-1)} over {@code concurrency} threads and waits for all. */
    static void burst(int count, int concurrency, IntConsumer call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            ConcurrentLinkedQueue<Future<?>> futures = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.accept(index)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long millis(Timestamp timestamp) {
        return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
    }
}
