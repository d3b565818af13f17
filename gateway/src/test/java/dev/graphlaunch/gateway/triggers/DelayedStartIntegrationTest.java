package dev.graphlaunch.gateway.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.gateway.health.StartBacklogHealthCheck;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A start delayed by a debounce window, as the relay, the backlog and its health check see it: not
 * due, not pending and not old before its window ends; due and counted from then on; and lockable
 * "unclaimed" only until a relay claims it.
 */
class DelayedStartIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final JsonNode INPUT = JsonNodeFactory.instance.objectNode().put("graphId", "builtin:echo");
    private static final double LEASE_SECONDS = 60;

    private RunStartOutboxDao outbox;

    @BeforeEach
    void emptyOutbox() {
        DB.jdbi().useHandle(handle -> handle.execute("delete from run_start_outbox"));
        outbox = DB.dao(RunStartOutboxDao.class);
    }

    @Test
    void aStartInsideItsWindowIsNeitherClaimedNorPendingNorUnhealthy() {
        pendingRun(3600);

        assertThat(outbox.claimDue(10, LEASE_SECONDS)).isEmpty();
        assertThat(outbox.backlog().pending()).isZero();
        assertThat(outbox.backlog().oldest()).isNull();
        assertThat(outbox.pendingPerTenant()).isEmpty();
        // Even a health check that calls any wait unhealthy finds nothing waiting.
        assertThat(new StartBacklogHealthCheck(outbox, Duration.ZERO, Clock.systemUTC()).execute().isHealthy()).isTrue();
    }

    @Test
    void onceItsWindowEndsTheStartIsDueAndAgesFromThen() throws Exception {
        UUID runId = pendingRun(0.5).id();
        Thread.sleep(700);

        assertThat(outbox.backlog().pending()).isEqualTo(1);
        // Aged from the end of the window, not from the accept: well under the window plus the wait.
        assertThat(Duration.between(outbox.backlog().oldest(), java.time.Instant.now())).isLessThan(Duration.ofMillis(500));
        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(runId);
    }

    @Test
    void anUnclaimedStartCanBeHeldAndTheRelaySkipsItMeanwhile() {
        UUID runId = pendingRun(0).id();
        try (Handle holder = DB.jdbi().open()) {
            holder.begin();
            assertThat(holder.attach(RunStartOutboxDao.class).lockUnclaimed(runId)).isPresent();

            assertThat(outbox.claimDue(10, LEASE_SECONDS)).isEmpty();
            holder.rollback();
        }
        assertThat(outbox.claimDue(10, LEASE_SECONDS)).extracting(PendingStart::runId).containsExactly(runId);
    }

    @Test
    void aClaimedOrPostponedStartIsNoLongerUnclaimed() {
        UUID claimed = pendingRun(0).id();
        outbox.claimDue(10, LEASE_SECONDS);
        UUID postponed = pendingRun(0).id();
        outbox.postpone(postponed, 0, "Temporal unavailable");

        assertThat(inTransaction(claimed)).isEmpty();
        assertThat(inTransaction(postponed)).isEmpty();
        assertThat(inTransaction(pendingRun(3600).id())).isPresent();
    }

    private static Optional<Boolean> inTransaction(UUID runId) {
        return DB.jdbi().inTransaction(handle -> handle.attach(RunStartOutboxDao.class).lockUnclaimed(runId));
    }

    /** A run and its start, due after {@code delaySeconds} (0: the ordinary insert). */
    private GraphRun pendingRun(double delaySeconds) {
        return DB.jdbi().inTransaction(handle -> {
            GraphRun run = handle.attach(GraphRunDao.class).insert(TestRuns.accepted(TestRuns.newTenant(), "k1"))
                    .orElseThrow();
            RunStartOutboxDao dao = handle.attach(RunStartOutboxDao.class);
            if (delaySeconds == 0) {
                dao.insert(run.id(), run.workflowId(), INPUT);
            } else {
                dao.insertDelayed(run.id(), run.workflowId(), INPUT, delaySeconds);
            }
            return run;
        });
    }
}
