package dev.graphlaunch.systemtests.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.db.Database;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Accept throughput (run with {@code bin/bench accept [ROUNDS] [REQUESTS] [CONCURRENCY] [file,memory,sync]}), no worker,
 * Temporal up (the relay starts every accepted run), three operations interleaved round by round:
 * <ul>
 *   <li>baseline: {@code POST /bench/accept} ({@link BenchGatewayApplication}): auth plus one insert;
 *   <li>new: {@code POST /api/v1/ai/chat} with a fresh Idempotency-Key;
 *   <li>replay: the same POST with a key already used.
 * </ul>
 * Against the file-backed and the in-memory dev server with the dev stack's PostgreSQL (zonky's
 * {@code synchronous_commit=off}), then once more with a PostgreSQL that waits for the WAL flush
 * ({@code synchronous_commit=on, fsync=on}). One new-accept and one replay phase run under JFR ({@link AcceptProfile}).
 */
public final class AcceptBenchmark {
    private AcceptBenchmark() {}

    record Setup(String temporalKind, boolean durableCommits) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        // Optional: which setups, e.g. "file" while iterating on the accept path; all three by default.
        List<String> only = args.length > 3 ? List.of(args[3].split(",")) : List.of("file", "memory", "sync");
        List<Setup> setups = new ArrayList<>();
        if (only.contains("file")) {
            setups.add(new Setup("file", false));
        }
        if (only.contains("memory")) {
            setups.add(new Setup("memory", false));
        }
        if (only.contains("sync")) {
            setups.add(new Setup("file", true));
        }
        List<String> lines = new ArrayList<>();
        String profile = null;
        for (Setup setup : setups) {
            boolean profiled = profile == null;
            Result result = measure(setup, rounds, perRound, concurrency, profiled);
            lines.addAll(result.lines());
            if (profiled) {
                profile = result.profile();
            }
        }
        System.out.printf(Locale.ROOT, "%nAccept: %d rounds x %d requests per operation, %d concurrent clients,"
                + " Temporal up, no worker, load average %s%n", rounds, perRound, concurrency, BenchStats.loadAverage());
        System.out.printf(Locale.ROOT, "%-7s %-19s %-34s %12s %s%n", "server", "postgres", "operation", "median req/s",
                "ratio (min-max over rounds)");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println(profile);
        System.exit(0);
    }

    record Result(List<String> lines, String profile) {}

    private static Result measure(Setup setup, int rounds, int perRound, int concurrency, boolean profiled)
            throws Exception {
        EmbeddedPostgres durable = setup.durableCommits() ? durablePostgres() : null;
        String dbName = "accept_" + UUID.randomUUID().toString().substring(0, 8);
        String dbUrl = durable == null ? EmbeddedDatabase.shared().createDatabase(dbName) : createDatabase(durable, dbName);
        int port = TemporalDevServer.freePort();
        DropwizardTestSupport<GatewayConfiguration> gateway = null;
        try (BenchTemporal temporal = BenchTemporal.start(setup.temporalKind())) {
            gateway = new DropwizardTestSupport<>(BenchGatewayApplication.class,
                    ResourceHelpers.resourceFilePath("system-gateway.yml"),
                    ConfigOverride.config("database.url", dbUrl),
                    ConfigOverride.config("temporal.address", temporal.address()),
                    ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(port)),
                    ConfigOverride.config("internalApi.port", String.valueOf(TemporalDevServer.freePort())));
            gateway.before();
            Jdbi jdbi = Database.configure(Jdbi.create(dbUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)
                    .installPlugin(new SqlObjectPlugin()), new ObjectMapper().findAndRegisterModules());
            String key = new ApiKeys(jdbi.onDemand(ApiKeyDao.class))
                    .issue("bench", "bench@example.test", List.of("runs:write", "runs:read", "builtin:*"), "bench").key();
            HttpJson http = new HttpJson(URI.create("http://127.0.0.1:" + port));
            Map<String, Object> body = Map.of("graphId", "builtin:echo", "message", "bench");
            String run = UUID.randomUUID().toString();
            AtomicInteger fresh = new AtomicInteger();
            IntFunction<Reply> bare = i -> http.postJson("/bench/accept", key, body, Map.of());
            IntFunction<Reply> accept = i -> http.postJson("/api/v1/ai/chat", key, body,
                    Map.of("Idempotency-Key", run + "-" + fresh.incrementAndGet()));
            IntFunction<Reply> replay = i -> http.postJson("/api/v1/ai/chat", key, body, Map.of("Idempotency-Key", "seed"));
            check(replay.apply(0), 202);
            // Warm-up: JIT, pools; not counted.
            rate(bare, perRound / 2, concurrency);
            rate(accept, perRound / 2, concurrency);
            rate(replay, perRound / 2, concurrency);
            double[][] results = new double[rounds][];
            String profile = null;
            for (int round = 0; round < rounds; round++) {
                double b = rate(bare, perRound, concurrency);
                double n;
                if (profiled && round == rounds - 1) {
                    AcceptProfile jfr = AcceptProfile.start();
                    n = rate(accept, perRound, concurrency);
                    profile = jfr.stopAndSummarise(Path.of("system-tests/target/bench-accept.jfr"), "new-key accept");
                } else {
                    n = rate(accept, perRound, concurrency);
                }
                double r;
                if (profiled && round == rounds - 1) {
                    AcceptProfile jfr = AcceptProfile.start();
                    r = rate(replay, perRound, concurrency);
                    profile += "\n" + jfr.stopAndSummarise(Path.of("system-tests/target/bench-accept-replay.jfr"),
                            "replayed-key accept");
                } else {
                    r = rate(replay, perRound, concurrency);
                }
                results[round] = new double[] {b, n, r};
            }
            String pg = setup.durableCommits() ? "sync commit, fsync" : "dev (async commit)";
            return new Result(List.of(
                    row(setup.temporalKind(), pg, "bare: auth + 1 insert (baseline)", results, 0, -1, ""),
                    row(setup.temporalKind(), pg, "new key: POST /api/v1/ai/chat", results, 1, 0, "x bare"),
                    row(setup.temporalKind(), pg, "replayed key", results, 2, 1, "x new")), profile);
        } finally {
            if (gateway != null) {
                gateway.after();
            }
            if (durable != null) {
                durable.close();
            }
        }
    }

    private static String row(String kind, String pg, String what, double[][] results, int column, int versus,
            String unit) {
        double[] rates = new double[results.length];
        double[] ratios = new double[results.length];
        for (int i = 0; i < results.length; i++) {
            rates[i] = results[i][column];
            ratios[i] = versus < 0 ? 1 : results[i][column] / results[i][versus];
        }
        String ratio = versus < 0 ? "1.00" : String.format(Locale.ROOT, "%.2f%s (%.2f-%.2f)", BenchStats.median(ratios),
                unit, java.util.Arrays.stream(ratios).min().orElse(0), java.util.Arrays.stream(ratios).max().orElse(0));
        return String.format(Locale.ROOT, "%-7s %-19s %-34s %12.0f %s", kind, pg, what, BenchStats.median(rates), ratio);
    }

    /** Requests per second of {@code count} calls over {@code concurrency} clients, all answered as expected. */
    private static double rate(IntFunction<Reply> call, int count, int concurrency) throws Exception {
        int expected = 202;
        long start = System.nanoTime();
        EndToEndBenchmark.burst(count, concurrency, i -> check(call.apply(i), expected));
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void check(Reply reply, int expected) {
        if (reply.status() != expected) {
            throw new IllegalStateException("unexpected " + reply.status() + ": " + reply.body());
        }
    }

    /**
     * A PostgreSQL whose commits wait for the WAL to reach the disk: zonky's defaults (which the dev
     * stack keeps) turn {@code synchronous_commit} off; production runs with it on.
     */
    private static EmbeddedPostgres durablePostgres() throws Exception {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                        "embedded-pg-" + System.getProperty("user.name")).toFile())
                .setLocaleConfig("locale", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    private static String createDatabase(EmbeddedPostgres postgres, String name) throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
        try (Connection connection = DriverManager.getConnection(base + "postgres", EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return base + name;
    }
}
