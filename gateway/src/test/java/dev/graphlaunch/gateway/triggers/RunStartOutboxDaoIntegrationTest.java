package dev.graphlaunch.gateway.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pending workflow starts as relays see them: a claim is a lease committed by one statement, rows
 * another relay is claiming are skipped, not awaited, a failed start waits for its backoff, a
 * confirmed one is gone.
 */
class RunStartOutboxDaoIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final JsonNode INPUT = JsonNodeFactory.instance.objectNode().put("graphId", "builtin:echo");
    private static final double LEASE_SECONDS = 60;

    private RunStartOutboxDao outbox;

    @BeforeEach
    void emptyOutbox() {
        // The claims below see every due row of the database, so each test starts from none.
        DB.jdbi().useHandle(handle -> handle.execute("delete from run_start_outbox"));
        outbox = DB.dao(RunStartOutboxDao.class);
    }

    @Test
    void aCommittedStartIsDueAtOnceWithNoAttemptsYet() {
        GraphRun run = pendingRun();

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).singleElement().satisfies(pending -> {
            assertThat(pending.runId()).isEqualTo(run.id());
            assertThat(pending.workflowId()).isEqualTo(run.workflowId());
            assertThat(pending.workflowInput()).isEqualTo(INPUT);
            assertThat(pending.attempts()).isZero();
            assertThat(pending.createdAt()).isNotNull();
        });
        assertThat(outbox.backlog().pending()).isEqualTo(1);
    }

    @Test
    void dueStartsAreClaimedOldestFirstUpToTheLimit() {
        List<UUID> runs = List.of(pendingRun().id(), pendingRun().id(), pendingRun().id());

        // The claim returns rows in no particular order; which rows it takes is what is ordered.
        assertThat(outbox.claimDue(2, LEASE_SECONDS)).extracting(PendingStart::runId)
                .containsExactlyInAnyOrder(runs.get(0), runs.get(1));
    }

    @Test
    void twoRelaysClaimDisjointStartsAndNeitherWaits() {
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(pendingRun().id());
        }
        try (Handle first = DB.jdbi().open(); Handle second = DB.jdbi().open()) {
            first.begin();
            second.begin();
            // Were the claim to wait for the first relay's locks, this fails instead of hanging.
            second.execute("set local lock_timeout = '2s'");

            List<UUID> claimedFirst = runIds(first.attach(RunStartOutboxDao.class).claimDue(2, LEASE_SECONDS));
            List<UUID> claimedSecond = runIds(second.attach(RunStartOutboxDao.class).claimDue(10, LEASE_SECONDS));

            assertThat(claimedFirst).hasSize(2);
            assertThat(claimedSecond).hasSize(2).doesNotContainAnyElementsOf(claimedFirst);
            assertThat(union(claimedFirst, claimedSecond)).containsExactlyInAnyOrderElementsOf(runs);
            first.rollback();
            second.rollback();
        }
    }

    @Test
    void aClaimedStartIsNotDueForAnyoneElseWhileItsLeaseHolds() {
        UUID runId = pendingRun().id();

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(runId);

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).isEmpty();
        assertThat(outbox.backlog().pending()).isEqualTo(1);
    }

    @Test
    void aStartWhoseLeaseRanOutIsClaimedAgain() {
        // A relay that died holding the claim: nobody confirmed or postponed it before the lease ended.
        UUID runId = pendingRun().id();
        outbox.claimDue(10, 0);

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(runId);
    }

    @Test
    void anUncommittedClaimEndsWithItsTransaction() {
        UUID runId = pendingRun().id();
        try (Handle relay = DB.jdbi().open()) {
            relay.begin();
            relay.attach(RunStartOutboxDao.class).claimDue(10, LEASE_SECONDS);
            relay.rollback();
        }

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(runId);
    }

    @Test
    void aPostponedStartWaitsForItsBackoffAndCountsTheAttempt() {
        UUID postponed = pendingRun().id();
        UUID due = pendingRun().id();

        outbox.postpone(postponed, 60, "UNAVAILABLE: temporal is down");

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(due);
        assertThat(attempts(postponed)).contains(1);
        assertThat(outbox.backlog().pending()).isEqualTo(2);
    }

    @Test
    void aStartPostponedByNoTimeIsDueAgain() {
        UUID runId = pendingRun().id();

        outbox.postpone(runId, 0, "first try failed");
        outbox.postpone(runId, 0, "second try failed");

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).singleElement()
                .extracting(PendingStart::attempts).isEqualTo(2);
    }

    @Test
    void aDeletedStartIsNoLongerPending() {
        UUID started = pendingRun().id();
        UUID waiting = pendingRun().id();

        outbox.delete(List.of(started));

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(waiting);
        assertThat(attempts(started)).isEmpty();
        assertThat(outbox.backlog().pending()).isEqualTo(1);
    }

    /** A run and its pending start, committed together as a trigger commits them. */
    private GraphRun pendingRun() {
        return DB.jdbi().inTransaction(handle -> {
            GraphRun run = handle.attach(GraphRunDao.class).insert(TestRuns.accepted(TestRuns.newTenant(), "k1"))
                    .orElseThrow();
            handle.attach(RunStartOutboxDao.class).insert(run.id(), run.workflowId(), INPUT);
            return run;
        });
    }

    /** The row's tries so far, read past any claim; empty when the row is gone. */
    private static Optional<Integer> attempts(UUID runId) {
        return DB.jdbi().withHandle(handle -> handle
                .createQuery("select attempts from run_start_outbox where run_id = :id")
                .bind("id", runId).mapTo(Integer.class).findOne());
    }

    private static List<UUID> runIds(List<PendingStart> starts) {
        return starts.stream().map(PendingStart::runId).toList();
    }

    private static List<UUID> union(List<UUID> a, List<UUID> b) {
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
