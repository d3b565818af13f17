package dev.graphlaunch.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An attempt is owned by the first call that begins it and keeps the first result it finishes with. */
class GraphRunAttemptDaoIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("reply", "hi");

    private GraphRunAttemptDao attempts;
    private UUID runId;

    @BeforeEach
    void recordARun() {
        attempts = DB.dao(GraphRunAttemptDao.class);
        runId = DB.dao(GraphRunDao.class).insert(TestRuns.accepted(TestRuns.newTenant(), "k1")).orElseThrow().id();
    }

    @Test
    void theFirstCallOwnsTheAttemptAndASecondBeginGetsNothing() {
        assertThat(attempts.begin(runId, 1)).isEqualTo(1);

        assertThat(attempts.begin(runId, 1)).isZero();

        assertThat(attempts.find(runId, 1)).get()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo(AttemptStatus.RUNNING));
    }

    @Test
    void aFinishedAttemptReadsBackItsResult() {
        attempts.begin(runId, 1);

        attempts.finish(runId, 1, AttemptResult.failed(ErrorCode.RATE_LIMIT, "slow down", true));

        GraphRunAttempt attempt = attempts.find(runId, 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(AttemptStatus.FAILED);
        assertThat(attempt.errorCode()).isEqualTo(ErrorCode.RATE_LIMIT.wire());
        assertThat(attempt.errorMessage()).isEqualTo("slow down");
        assertThat(attempt.retryable()).isTrue();
        assertThat(attempt.output()).isNull();
    }

    @Test
    void aFinishedAttemptKeepsItsFirstResult() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.succeeded(OUTPUT));

        attempts.finish(runId, 1, AttemptResult.failed(ErrorCode.INTERNAL, "replayed", false));

        GraphRunAttempt attempt = attempts.find(runId, 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(AttemptStatus.SUCCEEDED);
        assertThat(attempt.output()).isEqualTo(OUTPUT);
        assertThat(attempt.errorCode()).isNull();
    }

    @Test
    void beginningAFinishedAttemptAgainLeavesItsResult() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.succeeded(OUTPUT));

        assertThat(attempts.begin(runId, 1)).isZero();

        assertThat(attempts.find(runId, 1).orElseThrow().status()).isEqualTo(AttemptStatus.SUCCEEDED);
    }

    @Test
    void eachAttemptNumberIsItsOwn() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.failed(ErrorCode.TIMEOUT, "too slow", true));

        assertThat(attempts.begin(runId, 2)).isEqualTo(1);

        assertThat(attempts.find(runId, 2).orElseThrow().status()).isEqualTo(AttemptStatus.RUNNING);
        assertThat(attempts.find(runId, 1).orElseThrow().errorCode()).isEqualTo(ErrorCode.TIMEOUT.wire());
    }

    @Test
    void anAttemptNeverBegunIsNotFound() {
        assertThat(attempts.find(runId, 1)).isEmpty();
    }

    @Test
    void attemptsAreCountedFromOne() {
        assertThatThrownBy(() -> attempts.begin(runId, 0)).isInstanceOf(JdbiException.class);
    }

    @Test
    void aNewerAttemptDiscardsOnlyOlderAttemptsStillRecordedRunning() {
        attempts.begin(runId, 1);
        attempts.begin(runId, 2);
        attempts.finish(runId, 2, AttemptResult.failed(ErrorCode.RATE_LIMIT, "slow down", true));
        attempts.begin(runId, 3);
        attempts.begin(runId, 4);

        assertThat(attempts.discardRunningBefore(runId, 4, "attempt 4 began")).isEqualTo(2);

        assertThat(attempts.find(runId, 1).orElseThrow().status()).isEqualTo(AttemptStatus.DISCARDED);
        assertThat(attempts.find(runId, 2).orElseThrow().status()).isEqualTo(AttemptStatus.FAILED);
        assertThat(attempts.find(runId, 3).orElseThrow().errorMessage()).isEqualTo("attempt 4 began");
        assertThat(attempts.find(runId, 4).orElseThrow().status()).isEqualTo(AttemptStatus.RUNNING);
    }

    @Test
    void anAttemptAGatewayDiedInEndsDiscardedWhenTheNextBeginsOrTheRunEnds() {
        RunLedger ledger = DB.dao(RunLedger.class);
        ledger.beginAttempt(runId, 1); // the gateway dies here: nothing else would ever end this row

        assertThat(ledger.beginAttempt(runId, 2)).isEqualTo(RunLedger.AttemptStart.OWNED);
        assertThat(attempts.find(runId, 1).orElseThrow().status()).isEqualTo(AttemptStatus.DISCARDED);

        assertThat(ledger.finish(runId, FinishRun.cancelled())).isTrue();
        assertThat(attempts.find(runId, 2).orElseThrow().status()).isEqualTo(AttemptStatus.DISCARDED);
    }

    @Test
    void anAttemptNeedsARecordedRun() {
        assertThatThrownBy(() -> attempts.begin(UUID.randomUUID(), 1)).isInstanceOf(JdbiException.class);
    }
}
