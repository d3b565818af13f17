package dev.graphlaunch.gateway.triggers;

import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.runs.RunLedger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * How the outbox relay settles what Temporal answered, one transaction per batch: a pending start
 * leaves the outbox together with the run's step forward, so neither is ever seen without the other.
 */
public interface StartSettlements {

    @CreateSqlObject
    RunStartOutboxDao outbox();

    @CreateSqlObject
    RunLedger ledger();

    /** Temporal confirmed these starts: the rows go and the runs move to {@code queued} (never backwards). */
    @Transaction
    default void confirm(List<UUID> runIds) {
        outbox().delete(runIds);
        ledger().markQueued(runIds);
    }

    /** Each start is due again after its own delay, with the reason it failed this time. */
    @Transaction
    default void postpone(List<Postponed> postponed) {
        RunStartOutboxDao outbox = outbox();
        for (Postponed start : postponed) {
            outbox.postpone(start.runId(), start.delay().toMillis() / 1000.0, start.reason());
        }
    }

    /**
     * The start is given up: its row goes, and the run ends {@code failed}/{@code start_failed}
     * unless it had moved on already.
     *
     * @return true when the run was ended here
     */
    @Transaction
    default boolean giveUp(UUID runId, String reason) {
        boolean ended = ledger().failUnstarted(runId, ErrorCode.START_FAILED, reason);
        outbox().delete(List.of(runId));
        return ended;
    }

    record Postponed(UUID runId, Duration delay, String reason) {}
}
