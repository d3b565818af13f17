package dev.graphlaunch.systemtests.bench;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import dev.graphlaunch.contracts.workflow.RunSearchAttributes;
import dev.graphlaunch.contracts.workflow.TaskQueues;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.OutboxRelay;
import dev.graphlaunch.gateway.triggers.RelaySettings;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.RunStarts;
import dev.graphlaunch.gateway.triggers.StartBacklog;
import dev.graphlaunch.gateway.triggers.StartSettlements;
import dev.graphlaunch.gateway.triggers.WorkflowStarter;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jackson.Jackson;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The outbox relay against raw {@code WorkflowClient.start}, both at concurrency C against the
 * same Temporal dev server, interleaved round by round (run with {@code bin/bench relay}). No
 * worker: the started workflows wait in Temporal, so only starting is measured.
 *
 * <ul>
 *   <li>baseline: C threads calling {@code WorkflowClient.start} with the gateway's options for N workflows;
 *   <li>drain: N runs committed to the outbox first, then one relay (relayConcurrency C) drains them;
 *   <li>burst: C threads commit N runs as the triggers do while the relay runs: accept→started latency.
 * </ul>
 */
public final class RelayBenchmark {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    /**
     * Before every measured phase: the dev server keeps working after a burst of starts (workflow
     * tasks, visibility), and a phase that begins while it does is slowed by it; the next one,
     * begun after an idle gap (the drain's inserts), looked several times faster than it is.
     */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private RelayBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        // One client for both sides, with a patient deadline: on a loaded box the dev server can
        // take seconds to answer, and a timed-out start would count against the side it hit.
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TemporalDevServer.shared().address())
                .setRpcTimeout(Duration.ofSeconds(30))
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(30)).build())
                .build());
        WorkflowClient client = WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setNamespace("default").build());
        Jdbi jdbi = database();
        RelaySettings settings = new RelaySettings(concurrency, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 10, Duration.ofHours(1));

        baseline(client, Math.min(count, 100), concurrency);
        List<double[]> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Alternating which side goes first cancels the drift of a server filling up.
            double raw;
            double drained;
            if (round % 2 == 0) {
                raw = baseline(client, count, concurrency);
                drained = drain(jdbi, client, settings, count);
            } else {
                drained = drain(jdbi, client, settings, count);
                raw = baseline(client, count, concurrency);
            }
            double[] burst = burst(jdbi, client, settings, count, concurrency);
            results.add(new double[] {raw, drained, drained / raw, burst[0], burst[1], burst[2]});
            System.out.printf(Locale.ROOT, "round %d: raw %.1f/s, relay drain %.1f/s (%.2fx), burst %.1f/s,"
                    + " accept->started p50 %.0f ms p99 %.0f ms%n", round + 1, raw, drained, drained / raw,
                    burst[0], burst[1], burst[2]);
        }
        report(results, count, concurrency);
        stubs.shutdown();
        System.exit(0);
    }

    /** Starts per second of N raw starts spread over C threads. */
    private static double baseline(WorkflowClient client, int count, int concurrency) throws Exception {
        Thread.sleep(SETTLE.toMillis());
        String tenant = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String workflowId = "graph-run:" + tenant + ":" + i;
            GraphRunInput input = new GraphRunInput(tenant, "builtin:echo", MAPPER.createObjectNode().put("message", "b"),
                    RunKind.USER_IMMEDIATE, TriggerSource.API, "k" + i, "bench", "apikey:bench",
                    UUID.randomUUID().toString());
            futures.add(pool.submit(() -> {
                WorkflowOptions options = WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(TaskQueues.GRAPH_RUNS)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .setTypedSearchAttributes(RunSearchAttributes.of(input))
                        .build();
                GraphRunWorkflow workflow = client.newWorkflowStub(GraphRunWorkflow.class, options);
                WorkflowClient.start(workflow::run, input);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    /** Starts per second of a relay draining N runs committed before it started. */
    private static double drain(Jdbi jdbi, WorkflowClient client, RelaySettings settings, int count) throws Exception {
        String tenant = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        OutboxRelay relay = relay(jdbi, client, settings);
        RunStarter starter = new RunStarter(jdbi.onDemand(RunStarts.class), MAPPER, relay, unbounded(jdbi), GatewayMetrics.none());
        for (int i = 0; i < count; i++) {
            starter.start(apiRun(tenant));
        }
        Thread.sleep(SETTLE.toMillis());
        long start = System.nanoTime();
        relay.start();
        while (pending(jdbi) > 0) {
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        relay.stop();
        return count / seconds;
    }

    /** {started/s, p50 ms, p99 ms} of N runs committed by C threads while the relay runs. */
    private static double[] burst(Jdbi jdbi, WorkflowClient client, RelaySettings settings, int count, int concurrency)
            throws Exception {
        String tenant = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        OutboxRelay relay = relay(jdbi, client, settings);
        RunStarter starter = new RunStarter(jdbi.onDemand(RunStarts.class), MAPPER, relay, unbounded(jdbi), GatewayMetrics.none());
        relay.start();
        Thread.sleep(SETTLE.toMillis());
        Map<UUID, Long> acceptedAt = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            clients.execute(() -> {
                // From the client's point of view: the clock starts when it sends the trigger.
                long sent = System.nanoTime();
                acceptedAt.put(starter.start(apiRun(tenant)).run().id(), sent);
            });
        }
        List<Double> latencies = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        while (seen.size() < count) {
            Thread.sleep(50);
            long now = System.nanoTime();
            // Only this phase's runs are in the outbox: the phases before it drained theirs.
            Set<UUID> waiting = new HashSet<>(jdbi.withHandle(h -> h.createQuery("select run_id from run_start_outbox")
                    .mapTo(UUID.class).list()));
            for (Map.Entry<UUID, Long> accepted : Map.copyOf(acceptedAt).entrySet()) {
                if (!waiting.contains(accepted.getKey()) && seen.add(accepted.getKey())) {
                    latencies.add((now - accepted.getValue()) / 1e6);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        relay.stop();
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {count / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99)};
    }

    private static NewRun apiRun(String tenant) {
        String key = "k-" + UUID.randomUUID();
        return new NewRun(tenant, "builtin:echo", key, "fp-" + key, RunKind.USER_IMMEDIATE, TriggerSource.API, key,
                "bench@" + tenant, MAPPER.createObjectNode(), "apikey:bench", MAPPER.createObjectNode().put("message", "bench"));
    }

    /** Wired as the gateway wires it (GatewayContext). */
    private static OutboxRelay relay(Jdbi jdbi, WorkflowClient client, RelaySettings settings) {
        return new OutboxRelay(jdbi.onDemand(RunStartOutboxDao.class), jdbi.onDemand(StartSettlements.class), MAPPER,
                new WorkflowStarter(client), settings);
    }

    private static StartBacklog unbounded(Jdbi jdbi) {
        return new StartBacklog(jdbi.onDemand(RunStartOutboxDao.class), new StartBacklogConfig(Long.MAX_VALUE, Long.MAX_VALUE, null, null, null));
    }

    private static long pending(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from run_start_outbox").mapTo(Long.class).one());
    }

    /** A pooled data source as the gateway has (Dropwizard's), so the relay's statements cost what they cost there. */
    private static Jdbi database() throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(EmbeddedDatabase.shared().createDatabase("relaybench_" + UUID.randomUUID().toString().substring(0, 8)));
        factory.setUser(EmbeddedDatabase.USER);
        factory.setPassword(EmbeddedDatabase.PASSWORD);
        factory.setMaxSize(64);
        ManagedDataSource dataSource = factory.build(new MetricRegistry(), "relay-bench");
        dataSource.start();
        Migrations.apply(dataSource);
        return Database.configure(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()), MAPPER);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void report(List<double[]> results, int count, int concurrency) {
        System.out.printf(Locale.ROOT, "%n%d rounds x %d workflow starts, concurrency %d, Temporal dev server (file)%n",
                results.size(), count, concurrency);
        System.out.printf(Locale.ROOT, "%-44s %14s %16s%n", "what", "median starts/s", "vs raw (min-max)");
        System.out.printf(Locale.ROOT, "%-44s %14.1f %16s%n", "raw WorkflowClient.start (baseline)", median(results, 0), "1.00");
        double[] ratios = column(results, 2);
        System.out.printf(Locale.ROOT, "%-44s %14.1f %8.2f (%.2f-%.2f)%n", "relay draining pre-committed runs",
                median(results, 1), median(ratios), Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0));
        double[] burstRatios = results.stream().mapToDouble(r -> r[3] / r[0]).toArray();
        System.out.printf(Locale.ROOT, "%-44s %14.1f %8.2f (%.2f-%.2f)%n", "relay during a burst of accepts",
                median(results, 3), median(burstRatios), Arrays.stream(burstRatios).min().orElse(0),
                Arrays.stream(burstRatios).max().orElse(0));
        System.out.printf(Locale.ROOT, "accept->started during the burst: p50 %.0f ms, p99 %.0f ms (medians over rounds)%n",
                median(results, 4), median(results, 5));
    }

    private static double[] column(List<double[]> results, int index) {
        return results.stream().mapToDouble(r -> r[index]).toArray();
    }

    private static double median(List<double[]> results, int index) {
        return median(column(results, index));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
