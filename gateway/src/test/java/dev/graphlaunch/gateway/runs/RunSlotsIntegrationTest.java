package dev.graphlaunch.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrency slots against PostgreSQL: a key's limit holds, waiters are served oldest first with
 * interactive runs ahead, all of a run's slots are taken together or none, and a slot frees when its
 * run ends by any path, with no call to release it.
 */
class RunSlotsIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final int API = 0;
    private static final int BACKGROUND = 1;

    private RunLedger ledger;
    private RunSlotDao slots;
    private String tenant;
    private String key;

    @BeforeEach
    void newTenant() {
        ledger = DB.dao(RunLedger.class);
        slots = DB.dao(RunSlotDao.class);
        tenant = TestRuns.newTenant();
        key = "tenant:" + tenant;
    }

    @Test
    void runsWithinTheLimitGetTheirSlotAtOnceWithoutAnyEvent() {
        GraphRun first = queued();
        GraphRun second = queued();

        assertThat(ledger.admit(first, limit(2), API).granted()).isTrue();
        assertThat(ledger.admit(second, limit(2), API).granted()).isTrue();

        assertThat(status(first)).isEqualTo(RunStatus.RUNNING);
        assertThat(status(second)).isEqualTo(RunStatus.RUNNING);
        assertThat(ledger.events().after(first.id(), 0, 10)).isEmpty();
    }

    @Test
    void aRunBeyondTheLimitStaysQueuedAndItsEventsSayWhatItWaitsFor() {
        ledger.admit(queued(), limit(2), API);
        ledger.admit(queued(), limit(2), API);
        GraphRun third = queued();

        Admission admission = ledger.admit(third, limit(2), API);

        assertThat(admission.granted()).isFalse();
        assertThat(admission.running()).isEqualTo(2);
        assertThat(status(third)).isEqualTo(RunStatus.QUEUED);
        List<RunEvent> events = ledger.events().after(third.id(), 0, 10);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(RunEvent.STATUS);
        assertThat(events.get(0).data().path("status").asText()).isEqualTo("queued");
        assertThat(events.get(0).data().path("message").asText())
                .isEqualTo("waiting for a slot of " + key + " (limit 2, 0 ahead)");
        // Asking again while still held back adds nothing.
        assertThat(ledger.admit(third, limit(2), API).granted()).isFalse();
        assertThat(ledger.events().after(third.id(), 0, 10)).hasSize(1);
    }

    @Test
    void waitersAreServedOldestFirstOnceTheHolderEnds() {
        GraphRun holder = queued();
        ledger.admit(holder, limit(1), API);
        GraphRun older = queued();
        GraphRun younger = queued();
        ledger.admit(older, limit(1), API);
        Admission youngerWaits = ledger.admit(younger, limit(1), API);
        assertThat(youngerWaits.ahead()).isEqualTo(1);

        ledger.finish(holder.id(), FinishRun.succeededWith(1));

        assertThat(ledger.admit(younger, limit(1), API).granted()).as("the older waiter goes first").isFalse();
        assertThat(ledger.admit(older, limit(1), API).granted()).isTrue();
        assertThat(status(older)).isEqualTo(RunStatus.RUNNING);
        List<RunEvent> events = ledger.events().after(older.id(), 0, 10);
        assertThat(events).extracting(event -> event.data().path("status").asText()).containsExactly("queued", "running");
        assertThat(events.get(1).data().path("message").asText()).startsWith("got a slot of " + key + " after waiting");
    }

    @Test
    void aSlotFreesWhenItsRunEndsByAnyPathAndTheWaiterIsSignalledOnce() {
        GraphRun holder = queued();
        ledger.admit(holder, limit(1), API);
        GraphRun waiter = queued();
        ledger.admit(waiter, limit(1), API);
        assertThat(slots.claimWakeable(30_000)).doesNotContain(waiter.workflowId());

        // As the reconciler ends a run whose workflow was terminated: straight in graph_runs.
        ledger.runs().finish(holder.id(), RunStatus.FAILED, null, "workflow_terminated", "terminated");

        assertThat(slots.claimWakeable(30_000)).contains(waiter.workflowId());
        assertThat(slots.claimWakeable(30_000)).as("not again within resignalAfter").doesNotContain(waiter.workflowId());
        assertThat(ledger.admit(waiter, limit(1), API).granted()).isTrue();
        assertThat(slots.deleteEnded()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aCancelledWaiterFreesNothingItDidNotHold() {
        GraphRun holder = queued();
        ledger.admit(holder, limit(1), API);
        GraphRun cancelled = queued();
        GraphRun next = queued();
        ledger.admit(cancelled, limit(1), API);
        ledger.admit(next, limit(1), API);

        ledger.finish(cancelled.id(), FinishRun.cancelled());

        assertThat(slots.claimWakeable(30_000)).doesNotContain(next.workflowId());
        Admission stillWaiting = ledger.admit(next, limit(1), API);
        assertThat(stillWaiting.granted()).isFalse();
        assertThat(stillWaiting.running()).isEqualTo(1);
        assertThat(stillWaiting.ahead()).as("the cancelled run no longer counts").isZero();
    }

    @Test
    void interactiveRunsGoAheadOfOlderBackgroundRunsWaitingForTheSameKey() {
        String graphKey = "graph:builtin:slow-" + UUID.randomUUID();
        List<SlotKey> graph = List.of(new SlotKey(graphKey, 1));
        ledger.admit(queued(), graph, API);
        GraphRun webhook = queued();
        ledger.admit(webhook, graph, BACKGROUND);
        GraphRun api = queued();

        assertThat(ledger.admit(api, graph, API).ahead()).isZero();
        assertThat(ledger.admit(webhook, graph, BACKGROUND).ahead()).isEqualTo(1);
    }

    @Test
    void aRunNeedingTwoKeysTakesBothOrNeither() {
        String graphKey = "graph:builtin:slow-" + UUID.randomUUID();
        ledger.admit(queued(), List.of(new SlotKey(graphKey, 1)), API);
        GraphRun both = queued();

        Admission admission = ledger.admit(both, List.of(new SlotKey(key, 1), new SlotKey(graphKey, 1)), API);

        assertThat(admission.granted()).isFalse();
        assertThat(admission.limitKey()).isEqualTo(graphKey);
        GraphRun sameTenant = queued();
        assertThat(ledger.admit(sameTenant, limit(1), API).ahead())
                .as("the tenant slot it waits for is not held, but it queues ahead").isEqualTo(1);
    }

    @Test
    void aRepeatedAdmitOfAHolderIsGrantedAndWritesNothing() {
        GraphRun holder = queued();
        ledger.admit(holder, limit(1), API);

        assertThat(ledger.admit(holder, limit(1), API).granted()).isTrue();
        assertThat(ledger.events().after(holder.id(), 0, 10)).isEmpty();
    }

    @Test
    void aScheduledRunIsCreatedQueuedNotRunning() {
        String workflowId = "graph-run:" + tenant + ":schedule:nightly-2026-11-29T00:00:00Z";
        NewGraphRun scheduled = new NewGraphRun(UUID.randomUUID(), tenant, "builtin:echo", workflowId,
                "schedule:nightly:2026-11-29T00:00:00Z", null, RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE,
                "nightly@2026-11-29T00:00:00Z", "ops@acme", JsonNodeFactory.instance.objectNode().put("scheduleId",
                        "nightly"), "schedule:nightly", JsonNodeFactory.instance.objectNode());

        GraphRun run = ledger.recordQueued(workflowId, () -> scheduled);

        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.startedAt()).isNull();
        assertThat(ledger.recordQueued(workflowId, () -> { throw new AssertionError("created twice"); }).id())
                .isEqualTo(run.id());
    }

    private GraphRun queued() {
        GraphRun run = ledger.runs().insert(TestRuns.accepted(tenant, "k-" + UUID.randomUUID())).orElseThrow();
        ledger.markQueued(run.id());
        return ledger.runs().findById(run.id()).orElseThrow();
    }

    private List<SlotKey> limit(int limit) {
        return List.of(new SlotKey(key, limit));
    }

    private RunStatus status(GraphRun run) {
        return ledger.runs().findById(run.id()).orElseThrow().status();
    }
}
