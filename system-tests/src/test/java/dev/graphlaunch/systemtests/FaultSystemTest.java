package dev.graphlaunch.systemtests;

import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.systemtests.support.GitHubSender;
import dev.graphlaunch.systemtests.support.ProcessStack;
import dev.graphlaunch.systemtests.support.RetryingSender;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * EVERY_RUN_ENDS, NO_LOST_TRIGGER and IDEMPOTENT_RUN_START under SIGKILL: a few hundred API and
 * webhook triggers, some sent twice and all retried by their clients, while the gateway, the worker
 * and the Temporal server are each killed and restarted. Bounded by count, not by time: it waits
 * (generously) for every run to end and then checks the ledger, the receipts and Temporal.
 * The processes' logs and the summary are in {@code system-tests/target/fault/}.
 */
class FaultSystemTest {
    private static final int API_TRIGGERS = 200;
    private static final int WEBHOOK_TRIGGERS = 100;
    private static final int CLIENTS = 4;
    /** Between two sends of one client: spreads the sends, and so the kills, over about a minute. */
    private static final Duration PACE = Duration.ofMillis(350);
    private static final Duration CLIENT_GIVES_UP = Duration.ofMinutes(4);
    private static final Duration ALL_RUNS_END = Duration.ofMinutes(10);
    /** No run ended for this long while some are open: waiting on would not change the verdict. */
    private static final Duration STALLED = Duration.ofMinutes(3);
    private static final Duration TEMPORAL_DOWN = Duration.ofSeconds(10);
    private static final long FIRST_WORKFLOW_RUN_ID = 700_000_000L;
    private static final Set<String> ENDINGS = Arrays.stream(RunStatus.values())
            .filter(RunStatus::isFinal).map(RunStatus::wire).collect(Collectors.toSet());

    private record Send(String trigger, Supplier<Reply> request) {}

    private record Fault(double atProgress, String name, Runnable action) {}

    private record Run(String id, String workflowId, String status, String runKind, int attempt, String errorCode) {}

    @Test
    void everyAcknowledgedTriggerEndsAsExactlyOneRunWhileEachProcessIsKilled() throws Exception {
        long began = System.nanoTime();
        try (ProcessStack stack = ProcessStack.start()) {
            String apiKey = stack.issueKey("acme", "fault@acme.test", "runs:write", "runs:read", "builtin:*");
            List<Send> plan = plan(stack, apiKey);
            RetryingSender sender = new RetryingSender(CLIENT_GIVES_UP);
            AtomicInteger dispatched = new AtomicInteger();
            List<String> kills = new ArrayList<>();

            long sendingBegan = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Future<?>> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                clients.add(pool.submit(() -> sendAll(plan, dispatched, sender)));
            }
            Future<?> chaos = pool.submit(() -> inflict(faults(stack), stack, plan.size(), dispatched, kills));
            try {
                awaitSendingPhase(clients, chaos, dispatched, plan.size());
            } finally {
                pool.shutdownNow();
            }
            Duration sending = since(sendingBegan);

            long drainBegan = System.nanoTime();
            awaitEveryRunEnds(stack);
            Duration draining = since(drainBegan);

            List<Run> runs = runs(stack);
            String summary = summary(plan, sender, runs, attemptsInFlight(stack), kills, sending, draining, since(began));
            System.out.println(summary);
            Files.writeString(stack.logDirectory().resolve("summary.txt"), summary + "\n");
            verify(stack, sender, runs);
        }
    }

    /** API triggers with keys (some echo graphs take a while, so kills land mid-attempt) and webhook deliveries, mixed; some sent twice. */
    private static List<Send> plan(ProcessStack stack, String apiKey) {
        Random random = new Random(9);
        List<Send> originals = new ArrayList<>();
        List<Send> repeats = new ArrayList<>();
        for (int i = 0; i < API_TRIGGERS; i++) {
            String key = "fault-api-" + i;
            Map<String, Object> body = Map.of("graphId", "builtin:echo", "message", "fault " + i,
                    "input", Map.of("delayMs", i % 3 == 0 ? 500 + random.nextInt(2500) : 0));
            Send send = new Send("api:" + key, () -> stack.http().postJson("/api/v1/ai/chat", apiKey, body,
                    Map.of("Idempotency-Key", key)));
            originals.add(send);
            if (i % 5 == 0) {
                repeats.add(send);
            }
        }
        byte[] fixture = fixture("github/workflow_run.completed.failure.json");
        for (int i = 0; i < WEBHOOK_TRIGGERS; i++) {
            long workflowRunId = FIRST_WORKFLOW_RUN_ID + i;
            int runAttempt = 1 + i % 2;
            byte[] body = new String(fixture, StandardCharsets.UTF_8)
                    .replace("\"id\": 289782451,", "\"id\": " + workflowRunId + ",")
                    .replace("\"run_attempt\": 1,", "\"run_attempt\": " + runAttempt + ",")
                    .getBytes(StandardCharsets.UTF_8);
            String deliveryId = UUID.randomUUID().toString();
            Send send = new Send("webhook:" + workflowRunId + ":" + runAttempt,
                    () -> GitHubSender.deliver(stack.http(), body, "workflow_run", deliveryId));
            originals.add(send);
            if (i % 4 == 0) {
                repeats.add(send); // GitHub's "Redeliver": same delivery id, same bytes
            }
        }
        Collections.shuffle(originals, random);
        // A repeat goes some way after its original, where a client's or GitHub's second try would be.
        Map<Send, Double> positions = new LinkedHashMap<>();
        for (int i = 0; i < originals.size(); i++) {
            positions.put(originals.get(i), (double) i);
        }
        List<Map.Entry<Send, Double>> ordered = new ArrayList<>(positions.entrySet());
        for (Send repeat : repeats) {
            ordered.add(Map.entry(repeat, positions.get(repeat) + 20 + random.nextInt(60) + 0.5));
        }
        ordered.sort(Map.Entry.comparingByValue());
        return ordered.stream().map(Map.Entry::getKey).toList();
    }

    private static List<Fault> faults(ProcessStack stack) {
        return List.of(
                new Fault(0.10, "worker", () -> {
                    stack.killWorker();
                    stack.startWorker();
                }),
                new Fault(0.25, "gateway", () -> {
                    stack.killGateway();
                    stack.startGateway();
                }),
                new Fault(0.40, "temporal", () -> {
                    stack.killTemporal();
                    pause(TEMPORAL_DOWN);
                    stack.startTemporal();
                }),
                new Fault(0.55, "worker", () -> {
                    stack.killWorker();
                    stack.startWorker();
                }),
                new Fault(0.70, "gateway", () -> {
                    stack.killGateway();
                    stack.startGateway();
                }));
    }

    /** Clients and faults both done; a fault that could not bring its process back stops the sends at once. */
    private static void awaitSendingPhase(List<Future<?>> clients, Future<?> chaos, AtomicInteger dispatched, int total)
            throws Exception {
        while (clients.stream().anyMatch(client -> !client.isDone())) {
            if (chaos.isDone() && isFailed(chaos)) {
                dispatched.set(total);
                break;
            }
            pause(Duration.ofMillis(200));
        }
        chaos.get();
        for (Future<?> client : clients) {
            client.get();
        }
    }

    private static boolean isFailed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void sendAll(List<Send> plan, AtomicInteger dispatched, RetryingSender sender) {
        for (int next = dispatched.getAndIncrement(); next < plan.size(); next = dispatched.getAndIncrement()) {
            pause(PACE);
            sender.send(plan.get(next).trigger(), plan.get(next).request());
        }
    }

    /** Each fault once the sends reach its point; it waits briefly for an attempt in flight to kill. */
    private static void inflict(List<Fault> faults, ProcessStack stack, int total, AtomicInteger dispatched,
            List<String> kills) {
        for (Fault fault : faults) {
            while (dispatched.get() < fault.atProgress() * total) {
                pause(Duration.ofMillis(100));
            }
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (attemptsInFlight(stack) == 0 && System.nanoTime() < until) {
                pause(Duration.ofMillis(100));
            }
            long inFlight = attemptsInFlight(stack);
            Instant killed = Instant.now();
            fault.action().run();
            String kill = fault.name() + "@" + Math.round(fault.atProgress() * 100) + "% (attempts in flight "
                    + inFlight + ", back after " + Duration.between(killed, Instant.now()).toMillis() + " ms)";
            kills.add(kill);
            appendLine(stack.logDirectory().resolve("faults.log"), killed + " killed " + kill);
        }
    }

    private static long attemptsInFlight(ProcessStack stack) {
        return count(stack, "select count(*) from graph_run_attempts where status = 'running'");
    }

    /**
     * Polls until no run is open; fails early, with each open run explained, if none ends for
     * {@link #STALLED}. Each poll's counts go to drain.log, to see afterwards what the wait was for.
     */
    private static void awaitEveryRunEnds(ProcessStack stack) {
        long began = System.nanoTime();
        long[] lastOpen = {Long.MAX_VALUE};
        long[] lastChange = {System.nanoTime()};
        await().atMost(ALL_RUNS_END).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long open = count(stack, "select count(*) from graph_runs where status not in (" + endings() + ")");
            appendLine(stack.logDirectory().resolve("drain.log"), "+" + since(began).toSeconds() + " s: open " + open
                    + " " + rows(stack, "select status || '=' || count(*) from graph_runs group by status order by 1")
                    + ", pending starts " + count(stack, "select count(*) from run_start_outbox")
                    + ", attempts in flight " + attemptsInFlight(stack));
            if (open < lastOpen[0]) {
                lastOpen[0] = open;
                lastChange[0] = System.nanoTime();
            } else if (since(lastChange[0]).compareTo(STALLED) > 0) {
                throw new AssertionError(open + " runs have not ended and none ended for " + STALLED + ":\n"
                        + openRuns(stack));
            }
            return open == 0;
        });
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void verify(ProcessStack stack, RetryingSender sender, List<Run> runs) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(stack.deadProcesses()).as("processes that died on their own").isEmpty();
        soft.assertThat(sender.refused()).as("triggers refused with a 4xx").isEmpty();
        soft.assertThat(sender.abandoned()).as("triggers never acknowledged within " + CLIENT_GIVES_UP).isEmpty();

        Map<String, Run> byId = runs.stream().collect(Collectors.toMap(Run::id, run -> run));
        Map<String, Set<String>> runIdsPerTrigger = new LinkedHashMap<>();
        sender.acknowledged().forEach((trigger, runIds) -> runIdsPerTrigger.put(trigger, new HashSet<>(runIds)));
        // NO_LOST_TRIGGER: every run id a 2xx named is in the ledger.
        soft.assertThat(runIdsPerTrigger.values().stream().flatMap(Set::stream).filter(id -> !byId.containsKey(id)).toList())
                .as("acknowledged run ids missing from graph_runs (lost)").isEmpty();
        // IDEMPOTENT_RUN_START: one trigger, one run, whatever the retries and repeats; one run per trigger.
        soft.assertThat(runIdsPerTrigger.entrySet().stream().filter(entry -> entry.getValue().size() != 1).toList())
                .as("triggers whose 2xx answers named different runs").isEmpty();
        soft.assertThat(runIdsPerTrigger.values().stream().flatMap(Set::stream).distinct().count())
                .as("distinct runs named by 2xx answers (no two triggers share a run)").isEqualTo(runIdsPerTrigger.size());
        soft.assertThat(runs).as("runs in the ledger (one per trigger)").hasSize(API_TRIGGERS + WEBHOOK_TRIGGERS);
        soft.assertThat(runs.stream().filter(run -> "system_webhook".equals(run.runKind())).count())
                .as("webhook runs (one per workflow run and attempt)").isEqualTo(WEBHOOK_TRIGGERS);

        // EVERY_RUN_ENDS.
        soft.assertThat(runs.stream().filter(run -> !ENDINGS.contains(run.status())).toList())
                .as("runs that did not end").isEmpty();
        soft.assertThat(rows(stack, "select run_id::text || ' x' || count(*) from graph_run_attempts"
                + " where status = 'succeeded' group by run_id having count(*) > 1"))
                .as("runs with more than one succeeded attempt (executed twice)").isEmpty();
        soft.assertThat(rows(stack, "select run_id::text || ' x' || count(*) from graph_run_events"
                + " where type = 'final' group by run_id having count(*) > 1"))
                .as("runs with more than one final event").isEmpty();
        // One attempt at a time: an attempt a gateway died in is discarded by the next one or the run's end.
        soft.assertThat(rows(stack, "select run_id::text || ' attempt ' || attempt from graph_run_attempts"
                + " where status = 'running'"))
                .as("attempt rows left running though every run ended").isEmpty();

        // BILLING_PARITY under faults: each receipt once, and the successful attempt is billed.
        soft.assertThat(rows(stack, "select source_reference || ' x' || count(*) from charge_receipts"
                + " group by source_reference having count(*) > 1"))
                .as("receipts written more than once").isEmpty();
        soft.assertThat(rows(stack, """
                select r.id::text from graph_runs r where r.status = 'succeeded' and not exists (
                  select 1 from graph_run_attempts a
                  join charge_receipts c on c.run_id = a.run_id and c.attempt = a.attempt
                  where a.run_id = r.id and a.status = 'succeeded')"""))
                .as("succeeded runs whose successful attempt has no receipt").isEmpty();

        verifyTemporal(stack, runs, soft);
        soft.assertAll();
    }

    /** One GraphRunWorkflow execution per run, none twice, none without a run. */
    private static void verifyTemporal(ProcessStack stack, List<Run> runs, SoftAssertions soft) {
        Set<String> workflowIds = runs.stream().map(Run::workflowId).collect(Collectors.toSet());
        // Visibility trails the workflows' own state by a moment.
        AtomicReference<List<WorkflowExecutionInfo>> listed = new AtomicReference<>(List.of());
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                listed.set(stack.graphRunExecutions());
                return listed.get().stream().map(info -> info.getExecution().getWorkflowId())
                        .collect(Collectors.toSet()).containsAll(workflowIds);
            });
        } catch (ConditionTimeoutException e) {
            // Reported below as runs without an execution.
        }
        Map<String, Long> executions = listed.get().stream()
                .collect(Collectors.groupingBy(info -> info.getExecution().getWorkflowId(), Collectors.counting()));
        soft.assertThat(executions.entrySet().stream().filter(entry -> entry.getValue() > 1).toList())
                .as("workflow ids with more than one GraphRunWorkflow execution").isEmpty();
        soft.assertThat(executions.keySet().stream().filter(id -> !workflowIds.contains(id)).toList())
                .as("GraphRunWorkflow executions without a run").isEmpty();
        soft.assertThat(workflowIds.stream().filter(id -> stack.executionsOf(id).size() != 1).sorted().toList())
                .as("runs whose workflow id does not have exactly one execution (ListWorkflowExecutions by id)")
                .isEmpty();
    }

    /** @param attemptsStillRunning attempt rows left {@code running} though every run ended (a gateway died in them) */
    private static String summary(List<Send> plan, RetryingSender sender, List<Run> runs, long attemptsStillRunning,
            List<String> kills, Duration sending, Duration draining, Duration total) {
        Map<String, Long> byStatus = runs.stream()
                .collect(Collectors.groupingBy(Run::status, TreeMap::new, Collectors.counting()));
        Map<String, Long> failures = runs.stream().filter(run -> run.errorCode() != null)
                .collect(Collectors.groupingBy(Run::errorCode, TreeMap::new, Collectors.counting()));
        long multiAttempt = runs.stream().filter(run -> run.attempt() > 1).count();
        return "FAULT SUMMARY: triggers " + (API_TRIGGERS + WEBHOOK_TRIGGERS) + " (" + API_TRIGGERS + " api, "
                + WEBHOOK_TRIGGERS + " webhook), sends " + plan.size() + ", requests " + sender.requests()
                + " (retries " + sender.retries() + "), acknowledged " + sender.acknowledged().size()
                + ", refused " + sender.refused().size() + ", abandoned " + sender.abandoned().size()
                + "; runs " + runs.size() + " " + byStatus + ", error codes " + failures
                + ", runs with more than one attempt " + multiAttempt
                + ", attempt rows still running " + attemptsStillRunning
                + "; kills " + kills.size() + " " + kills
                + "; sending " + sending.toSeconds() + " s, until all ended " + draining.toSeconds()
                + " s, wall " + total.toSeconds() + " s";
    }

    private static String openRuns(ProcessStack stack) {
        return String.join("\n", rows(stack, """
                select r.id || ' ' || r.status || ' attempt ' || r.attempt || ' ' || r.workflow_id
                  || ' created ' || r.created_at
                  || coalesce(' | outbox tries ' || o.attempts || ' last error ' || coalesce(o.last_error, '-'), ' | no pending start')
                  || ' | attempts ' || coalesce((select string_agg(a.attempt || ':' || a.status, ',' order by a.attempt)
                                                 from graph_run_attempts a where a.run_id = r.id), '-')
                  || ' | last event ' || coalesce((select e.type || ' ' || e.data::text from graph_run_events e
                                                   where e.run_id = r.id order by e.seq desc limit 1), '-')
                from graph_runs r left join run_start_outbox o on o.run_id = r.id
                where r.status not in (""" + endings() + ") order by r.created_at"))
                + "\nTemporal: " + temporalStateOfOpenRuns(stack);
    }

    private static String temporalStateOfOpenRuns(ProcessStack stack) {
        try {
            return rows(stack, "select workflow_id from graph_runs where status not in (" + endings() + ")").stream()
                    .map(id -> id + " → " + stack.executionsOf(id).stream()
                            .map(info -> info.getStatus().name() + (info.hasCloseTime() ? " closed" : " open"))
                            .toList())
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(Temporal unreachable: " + e + ")";
        }
    }

    private static List<Run> runs(ProcessStack stack) {
        return stack.jdbi().withHandle(handle -> handle.createQuery(
                        "select id::text, workflow_id, status, run_kind, attempt, error_code from graph_runs")
                .map((rs, ctx) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6)))
                .list());
    }

    private static List<String> rows(ProcessStack stack, String sql) {
        return stack.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).list());
    }

    private static long count(ProcessStack stack, String sql) {
        return stack.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static String endings() {
        return ENDINGS.stream().sorted().map(status -> "'" + status + "'").collect(Collectors.joining(", "));
    }

    private static byte[] fixture(String resource) {
        try (InputStream in = FaultSystemTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
