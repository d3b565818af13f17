package dev.graphlaunch.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run ledger's rules that live in SQL: a status only moves forward, a run that ended keeps its
 * first ending, started_at and finished_at are set once, and a key or a workflow id names one run.
 */
class GraphRunDaoIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final JsonNode ANSWER = JsonNodeFactory.instance.objectNode().put("reply", "hi");

    private GraphRunDao runs;
    private String tenant;

    @BeforeEach
    void newTenant() {
        runs = DB.dao(GraphRunDao.class);
        tenant = TestRuns.newTenant();
    }

    @Test
    void aRecordedRunIsAcceptedWithNoAttemptAndNoStartOrEnd() {
        GraphRun run = readBack(recorded("k1"));

        assertThat(run.status()).isEqualTo(RunStatus.ACCEPTED);
        assertThat(run.attempt()).isZero();
        assertThat(run.createdAt()).isNotNull();
        assertThat(run.startedAt()).isNull();
        assertThat(run.finishedAt()).isNull();
    }

    @Test
    void theStatusMovesForwardThroughQueuedAndRunning() {
        GraphRun run = recorded("k1");

        assertThat(advance(run, RunStatus.QUEUED)).isEqualTo(1);
        assertThat(readBack(run).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(readBack(run).startedAt()).as("a queued run has not started").isNull();

        assertThat(advance(run, RunStatus.RUNNING)).isEqualTo(1);
        assertThat(readBack(run).status()).isEqualTo(RunStatus.RUNNING);
        assertThat(readBack(run).startedAt()).isNotNull();
    }

    @Test
    void aLateQueuedNeverMovesARunningRunBack() {
        GraphRun run = recorded("k1");
        advance(run, RunStatus.RUNNING);

        assertThat(advance(run, RunStatus.QUEUED)).isZero();
        assertThat(advance(run, RunStatus.ACCEPTED)).isZero();

        assertThat(readBack(run).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aBatchAdvanceMovesOnlyTheRunsThatAreBehind() {
        GraphRun accepted = recorded("k1");
        GraphRun running = recorded("k2");
        advance(running, RunStatus.RUNNING);

        assertThat(runs.advanceAll(List.of(accepted.id(), running.id()), RunStatus.QUEUED)).isEqualTo(1);

        assertThat(readBack(accepted).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(readBack(running).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void anUnstartedRunFailsWithItsCodeButARunThatMovedOnIsLeftToItsWorkflow() {
        GraphRun unstarted = recorded("k1");
        GraphRun queued = recorded("k2");
        advance(queued, RunStatus.QUEUED);

        assertThat(runs.failUnstarted(unstarted.id(), ErrorCode.START_FAILED, "Temporal refused")).isEqualTo(1);
        assertThat(runs.failUnstarted(queued.id(), ErrorCode.START_FAILED, "Temporal refused")).isZero();

        GraphRun failed = readBack(unstarted);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.START_FAILED.wire());
        assertThat(failed.errorMessage()).isEqualTo("Temporal refused");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(readBack(queued).status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void endedAmongNamesOnlyTheRunsInAFinalStatus() {
        GraphRun running = recorded("k1");
        advance(running, RunStatus.RUNNING);
        GraphRun failed = recorded("k2");
        runs.failUnstarted(failed.id(), ErrorCode.START_FAILED, "Temporal refused");

        assertThat(runs.endedAmong(List.of(running.id(), failed.id()))).containsExactly(failed.id());
    }

    @Test
    void aRepeatedAdvanceChangesNothing() {
        GraphRun run = recorded("k1");
        advance(run, RunStatus.QUEUED);

        assertThat(advance(run, RunStatus.QUEUED)).isZero();
        assertThat(readBack(run).status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void startedAtIsSetOnceWhateverFollows() {
        GraphRun run = recorded("k1");
        advance(run, RunStatus.RUNNING);
        Instant firstStart = readBack(run).startedAt();

        advance(run, RunStatus.RUNNING);
        runs.raiseFence(run.id(), 1);
        runs.raiseFence(run.id(), 2);
        succeed(run);

        assertThat(readBack(run).startedAt()).isEqualTo(firstStart);
    }

    @Test
    void raisingTheFenceStartsAQueuedRun() {
        GraphRun run = recorded("k1");
        advance(run, RunStatus.QUEUED);

        assertThat(runs.raiseFence(run.id(), 1)).isEqualTo(1);

        GraphRun after = readBack(run);
        assertThat(after.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(after.attempt()).isEqualTo(1);
        assertThat(after.startedAt()).isNotNull();
    }

    @Test
    void theAttemptCounterNeverGoesDown() {
        GraphRun run = recorded("k1");
        runs.raiseFence(run.id(), 3);

        assertThat(runs.raiseFence(run.id(), 2)).isZero();

        assertThat(readBack(run).attempt()).isEqualTo(3);
    }

    @Test
    void aFinishedRunKeepsItsFirstEnding() {
        GraphRun run = recorded("k1");
        advance(run, RunStatus.RUNNING);
        assertThat(succeed(run)).isEqualTo(1);
        Instant firstEnd = readBack(run).finishedAt();

        assertThat(finish(run, RunStatus.FAILED, ErrorCode.INTERNAL, "late failure")).isZero();
        assertThat(finish(run, RunStatus.CANCELLED, null, null)).isZero();

        GraphRun after = readBack(run);
        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.output()).isEqualTo(ANSWER);
        assertThat(after.errorCode()).isNull();
        assertThat(after.errorMessage()).isNull();
        assertThat(after.finishedAt()).isEqualTo(firstEnd);
    }

    @Test
    void aLateAttemptOrAdvanceNeverReopensAnEndedRun() {
        GraphRun run = recorded("k1");
        finish(run, RunStatus.FAILED, ErrorCode.PROVIDER_UNAVAILABLE, "provider down");

        assertThat(advance(run, RunStatus.RUNNING)).isZero();
        runs.raiseFence(run.id(), 1);

        GraphRun after = readBack(run);
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE.wire());
        assertThat(after.errorMessage()).isEqualTo("provider down");
    }

    @Test
    void aRunThatEndsWithoutRunningGetsAStartAndAnEnd() {
        GraphRun run = recorded("k1");

        assertThat(finish(run, RunStatus.SKIPPED, ErrorCode.GRANT_REVOKED, "schedule paused")).isEqualTo(1);

        GraphRun after = readBack(run);
        assertThat(after.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(after.startedAt()).isNotNull();
        assertThat(after.finishedAt()).isNotNull();
        assertThat(after.startedAt()).isBeforeOrEqualTo(after.finishedAt());
    }

    @Test
    void theSameKeyOfTheSameTenantIsOneRun() {
        GraphRun first = recorded("k1");
        NewGraphRun again = TestRuns.withWorkflowId(tenant, "k1", "graph-run:another-workflow");

        assertThat(runs.insert(again)).isEmpty();

        assertThat(runs.findByKey(tenant, "k1")).get().extracting(GraphRun::id).isEqualTo(first.id());
        assertThat(runs.findById(again.id())).isEmpty();
    }

    @Test
    void theSameWorkflowIdIsOneRunWhateverTheKey() {
        GraphRun first = recorded("k1");
        NewGraphRun again = TestRuns.withWorkflowId(tenant, "k2", first.workflowId());

        assertThat(runs.insert(again)).isEmpty();

        assertThat(runs.findByWorkflowId(first.workflowId())).get().extracting(GraphRun::id).isEqualTo(first.id());
        assertThat(runs.findByKey(tenant, "k2")).isEmpty();
    }

    @Test
    void theSameKeyInAnotherTenantIsAnotherRun() {
        recorded("k1");

        assertThat(runs.insert(TestRuns.accepted(TestRuns.newTenant(), "k1"))).isPresent();
    }

    @Test
    void aRunOfAnotherTenantIsNotFoundForTheCaller() {
        GraphRun run = recorded("k1");

        assertThat(runs.findForTenant(TestRuns.newTenant(), run.id())).isEmpty();
        assertThat(runs.findForTenant(tenant, run.id())).isPresent();
    }

    @Test
    void theListingKeepsToTheTenantAndItsFiltersNewestFirst() {
        GraphRun older = recorded("k1");
        GraphRun newer = recorded("k2");
        advance(recorded("k3"), RunStatus.QUEUED);
        runs.insert(TestRuns.accepted(TestRuns.newTenant(), "k1"));

        List<GraphRun> accepted = runs.list(tenant,
                new RunFilter(RunStatus.ACCEPTED, RunKind.USER_IMMEDIATE, null, "builtin:echo"),
                null, null, 10);
        List<GraphRun> webhookRuns =
                runs.list(tenant, new RunFilter(null, RunKind.SYSTEM_WEBHOOK, null, null), null, null, 10);

        assertThat(accepted).extracting(GraphRun::id).containsExactly(newer.id(), older.id());
        assertThat(webhookRuns).isEmpty();
    }

    private GraphRun recorded(String key) {
        Optional<GraphRun> stored = runs.insert(TestRuns.accepted(tenant, key));
        assertThat(stored).isPresent();
        return stored.get();
    }

    private GraphRun readBack(GraphRun run) {
        return runs.findById(run.id()).orElseThrow();
    }

    private int advance(GraphRun run, RunStatus status) {
        return runs.advance(run.id(), status);
    }

    private int succeed(GraphRun run) {
        return runs.finish(run.id(), RunStatus.SUCCEEDED, ANSWER, null, null);
    }

    private int finish(GraphRun run, RunStatus status, ErrorCode errorCode, String message) {
        return runs.finish(run.id(), status, null, errorCode == null ? null : errorCode.wire(), message);
    }
}
