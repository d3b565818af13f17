package dev.graphlaunch.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.events.RunEventLog;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunAttemptDao;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunLedger;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's own limits on one attempt, and the in-process half of attempt fencing. */
@Timeout(30)
class AttemptRunnerTest {
    private static final long MAX_OUTPUT = 1_000;
    private static final GraphRun RUN = new GraphRun(UUID.randomUUID(), "acme", "builtin:echo", "wf", "key", null,
            RunKind.USER_IMMEDIATE, TriggerSource.API, "key", "app", null, "apikey:1",
            JsonNodeFactory.instance.objectNode(), RunStatus.RUNNING, 0, null, null, null, null, null, Instant.now(),
            null, null);

    private final FakeLedger ledger = new FakeLedger();

    @Test
    void outputOfExactlyTheLimitSucceedsAndTheAnswerLeavesItInTheGateway() {
        AttemptResult answer = runner(graphAnswering(outputOf(MAX_OUTPUT)), Duration.seconds(5)).run(RUN, 1);

        assertThat(answer.status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(answer.output()).isNull();
        assertThat(ledger.recorded.get(1).output().toString()).hasSize((int) MAX_OUTPUT);
    }

    @Test
    void outputOneByteOverTheLimitFailsTheAttemptForGoodWithOutputTooLarge() {
        AttemptResult answer = runner(graphAnswering(outputOf(MAX_OUTPUT + 1)), Duration.seconds(5)).run(RUN, 1);

        assertThat(answer.status()).isEqualTo(AttemptStatus.FAILED);
        assertThat(answer.errorCode()).isEqualTo(ErrorCode.OUTPUT_TOO_LARGE.wire());
        assertThat(answer.retryable()).isFalse();
        assertThat(answer.errorMessage()).contains("1001 bytes").contains("1000");
    }

    @Test
    void aGraphSlowerThanTheRunTimeoutIsCancelledAndTheAttemptFailsWithRetryableTimeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        GraphExecutorPort slow = invocation -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            throw new IllegalStateException("unreachable in this test");
        };
        long started = System.nanoTime();

        AttemptResult answer = runner(slow, Duration.milliseconds(300)).run(RUN, 1);

        assertThat(answer.errorCode()).isEqualTo(ErrorCode.TIMEOUT.wire());
        assertThat(answer.retryable()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the graph's thread was interrupted").isTrue();
    }

    @Test
    void beginningTheNextAttemptCancelsTheOneStillRunningHereAndItsAnswerIsDiscarded() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstInterrupted = new CountDownLatch(1);
        GraphExecutorPort graph = invocation -> {
            if (invocation.attempt() == 1) {
                firstRunning.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    firstInterrupted.countDown();
                }
            }
            return new GraphResult(outputOf(10), List.of());
        };
        AttemptRunner runner = runner(graph, Duration.seconds(30));
        CompletableFuture<AttemptResult> first = CompletableFuture.supplyAsync(() -> runner.run(RUN, 1));
        assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();

        AttemptResult second = runner.run(RUN, 2);

        assertThat(second.status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(firstInterrupted.await(5, TimeUnit.SECONDS)).as("attempt 1 was cancelled").isTrue();
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(AttemptStatus.DISCARDED);
        assertThat(ledger.discarded).containsExactly(1);
    }

    @Test
    void abandoningAnEndedRunCancelsItsAttemptRunningHere() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        GraphExecutorPort graph = invocation -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new GraphExecutionException(ErrorCode.TIMEOUT, "interrupted", true);
            }
            return new GraphResult(outputOf(10), List.of());
        };
        AttemptRunner runner = runner(graph, Duration.seconds(30));
        CompletableFuture<AttemptResult> attempt = CompletableFuture.supplyAsync(() -> runner.run(RUN, 1));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        ledger.ended = true; // the workflow was cancelled: finish moved the run to cancelled

        runner.abandon(RUN.id());

        assertThat(attempt.get(5, TimeUnit.SECONDS).status()).isEqualTo(AttemptStatus.DISCARDED);
    }

    @Test
    void anAttemptWhoseRunEndedByAnotherPathIsStoppedAtTheNextLook() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        GraphExecutorPort graph = invocation -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return new GraphResult(outputOf(10), List.of());
        };
        AttemptRunner runner = runner(graph, Duration.seconds(30));
        CompletableFuture<AttemptResult> attempt = CompletableFuture.supplyAsync(() -> runner.run(RUN, 1));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        runner.abandonEndedRuns();
        assertThat(interrupted.getCount()).as("a run still open keeps its attempt").isEqualTo(1);
        ledger.ended = true; // e.g. the reconciler ended the run after its workflow was terminated
        runner.abandonEndedRuns();

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the attempt's thread was interrupted").isTrue();
        assertThat(attempt.get(5, TimeUnit.SECONDS).status()).isEqualTo(AttemptStatus.DISCARDED);
        assertThat(ledger.askedAbout).contains(RUN.id());
    }

    private AttemptRunner runner(GraphExecutorPort graph, Duration runTimeout) {
        return new AttemptRunner(ledger, graph, new RunEventLog(null),
                new ExecutionConfig(runTimeout, DataSize.bytes(MAX_OUTPUT), Duration.seconds(5)));
    }

    private static GraphExecutorPort graphAnswering(JsonNode output) {
        return invocation -> new GraphResult(output, List.of());
    }

    /** {"r":"xxx…"}: exactly {@code bytes} bytes of compact JSON. */
    private static JsonNode outputOf(long bytes) {
        return JsonNodeFactory.instance.objectNode().put("r", "x".repeat((int) bytes - 8));
    }

    /**
     * The ledger's fence as the SQL keeps it: the newest begun attempt holds it until the run ends;
     * the SQL itself is covered by BillingIntegrationTest and the system tests.
     */
    private static final class FakeLedger implements RunLedger {
        final Map<Integer, AttemptResult> recorded = new ConcurrentHashMap<>();
        final List<Integer> discarded = new CopyOnWriteArrayList<>();
        volatile int fence;
        volatile boolean ended;
        final List<UUID> askedAbout = new CopyOnWriteArrayList<>();

        @Override
        public List<UUID> endedAmong(java.util.Collection<UUID> runIds) {
            askedAbout.addAll(runIds);
            return ended ? List.copyOf(runIds) : List.of();
        }

        @Override
        public synchronized AttemptStart beginAttempt(UUID runId, int attempt) {
            if (ended || attempt <= fence) {
                return AttemptStart.FENCED;
            }
            fence = attempt;
            return AttemptStart.OWNED;
        }

        @Override
        public synchronized boolean finishAttempt(UUID runId, int attempt, AttemptResult result) {
            if (ended || attempt != fence) {
                discarded.add(attempt);
                return false;
            }
            recorded.put(attempt, result);
            return true;
        }

        @Override
        public GraphRunDao runs() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GraphRunAttemptDao attempts() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunEventDao events() {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.jdbi.v3.core.Handle getHandle() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R, X extends Exception> R withHandle(org.jdbi.v3.core.HandleCallback<R, X> callback) {
            throw new UnsupportedOperationException();
        }
    }
}
