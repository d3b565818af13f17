package dev.graphlaunch.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunStatus;
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
        GraphRun run = TestRuns.accepted(TestRuns.newTenant(), "k1");
        DB.dao(GraphRunDao.class).insert(run);
        runId = run.id();
    }

    @Test
    void theFirstCallOwnsTheAttemptAndASecondBeginGetsNothing() {
        assertThat(attempts.begin(runId, 1)).isEqualTo(1);

        assertThat(attempts.begin(runId, 1)).isZero();

        assertThat(attempts.find(runId, 1)).get()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo(RunStatus.RUNNING.wire()));
    }

    @Test
    void aFinishedAttemptReadsBackItsResult() {
        attempts.begin(runId, 1);

        attempts.finish(runId, 1, AttemptResult.FAILED, null, ErrorCodes.RATE_LIMIT, "slow down", true);

        GraphRunAttempt attempt = attempts.find(runId, 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(AttemptResult.FAILED);
        assertThat(attempt.errorCode()).isEqualTo(ErrorCodes.RATE_LIMIT);
        assertThat(attempt.errorMessage()).isEqualTo("slow down");
        assertThat(attempt.retryable()).isTrue();
        assertThat(attempt.output()).isNull();
    }

    @Test
    void aFinishedAttemptKeepsItsFirstResult() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.SUCCEEDED, OUTPUT, null, null, false);

        attempts.finish(runId, 1, AttemptResult.FAILED, null, ErrorCodes.INTERNAL, "replayed", false);

        GraphRunAttempt attempt = attempts.find(runId, 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(AttemptResult.SUCCEEDED);
        assertThat(attempt.output()).isEqualTo(OUTPUT);
        assertThat(attempt.errorCode()).isNull();
    }

    @Test
    void beginningAFinishedAttemptAgainLeavesItsResult() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.SUCCEEDED, OUTPUT, null, null, false);

        assertThat(attempts.begin(runId, 1)).isZero();

        assertThat(attempts.find(runId, 1).orElseThrow().status()).isEqualTo(AttemptResult.SUCCEEDED);
    }

    @Test
    void eachAttemptNumberIsItsOwn() {
        attempts.begin(runId, 1);
        attempts.finish(runId, 1, AttemptResult.FAILED, null, ErrorCodes.TIMEOUT, "too slow", true);

        assertThat(attempts.begin(runId, 2)).isEqualTo(1);

        assertThat(attempts.find(runId, 2).orElseThrow().status()).isEqualTo(RunStatus.RUNNING.wire());
        assertThat(attempts.find(runId, 1).orElseThrow().errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
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
    void anAttemptNeedsARecordedRun() {
        assertThatThrownBy(() -> attempts.begin(UUID.randomUUID(), 1)).isInstanceOf(JdbiException.class);
    }
}
