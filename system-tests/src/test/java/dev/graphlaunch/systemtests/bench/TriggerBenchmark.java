package dev.graphlaunch.systemtests.bench;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * What accepting a trigger costs, as a ratio to an authenticated read measured in the same run
 * (the machine is shared and noisy, so absolute numbers mean little). Run with {@code bin/bench}.
 *
 * <p>Three operations, interleaved round by round so drift hits all of them alike:
 * <ul>
 *   <li>baseline: {@code GET /api/v1/runs/{id}} — auth plus one indexed read;
 *   <li>new trigger: {@code POST /api/v1/ai/chat} with a fresh key — auth, one transaction with two
 *       inserts, hand-off to the relay (which then starts the workflow on the real Temporal server);
 *   <li>replayed trigger: the same POST with a key already used — the dedupe path.
 * </ul>
 */
public final class TriggerBenchmark {
    private static final int CLIENTS = 4;

    private TriggerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        // No worker: the runs wait in Temporal, so only the trigger path is measured.
        try (SystemUnderTest system = SystemUnderTest.against(TemporalDevServer.shared().address())) {
            system.startGateway();
            String key = system.issueKey("bench", "bench@example.test", "runs:write", "runs:read", "builtin:*");
            HttpJson http = system.http();
            Map<String, Object> body = Map.of("graphId", "builtin:echo", "message", "bench");
            String runId = http.postJson("/api/v1/ai/chat", key, body, Map.of("Idempotency-Key", "seed"))
                    .json().path("runId").asText();

            IntFunction<Reply> read = i -> http.get("/api/v1/runs/" + runId, key);
            IntFunction<Reply> trigger = i -> http.postJson("/api/v1/ai/chat", key, body,
                    Map.of("Idempotency-Key", "bench-" + UUID.randomUUID()));
            IntFunction<Reply> replay = i -> http.postJson("/api/v1/ai/chat", key, body, Map.of("Idempotency-Key", "seed"));

            measure(read, perRound, 200);
            measure(trigger, perRound, 202);
            measure(replay, perRound, 202);

            List<double[]> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                results.add(new double[] {
                    measure(read, perRound, 200), measure(trigger, perRound, 202), measure(replay, perRound, 202)});
            }
            report(results, perRound);
        }
    }

    /** Requests per second of {@code count} calls spread over {@link #CLIENTS} concurrent clients. */
    private static double measure(IntFunction<Reply> call, int count, int expectedStatus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < count / CLIENTS; i++) {
                    Reply reply = call.apply(i);
                    if (reply.status() != expectedStatus) {
                        throw new IllegalStateException("unexpected " + reply.status() + ": " + reply.body());
                    }
                }
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

    private static void report(List<double[]> results, int perRound) {
        double[] read = results.stream().mapToDouble(r -> r[0]).toArray();
        double[] trigger = results.stream().mapToDouble(r -> r[1]).toArray();
        double[] replay = results.stream().mapToDouble(r -> r[2]).toArray();
        double[] triggerRatio = results.stream().mapToDouble(r -> r[1] / r[0]).toArray();
        double[] replayRatio = results.stream().mapToDouble(r -> r[2] / r[0]).toArray();
        System.out.printf(Locale.ROOT, "%d rounds x %d requests per operation, %d concurrent clients%n",
                results.size(), perRound, CLIENTS);
        System.out.printf(Locale.ROOT, "%-36s %12s %22s%n", "operation", "median req/s", "throughput vs baseline");
        System.out.printf(Locale.ROOT, "%-36s %12.0f %22s%n", "GET run (baseline)", median(read), "1.00");
        System.out.printf(Locale.ROOT, "%-36s %12.0f %15.2f (%.2f-%.2f)%n", "POST chat, new key", median(trigger),
                median(triggerRatio), min(triggerRatio), max(triggerRatio));
        System.out.printf(Locale.ROOT, "%-36s %12.0f %15.2f (%.2f-%.2f)%n", "POST chat, replayed key", median(replay),
                median(replayRatio), min(replayRatio), max(replayRatio));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
