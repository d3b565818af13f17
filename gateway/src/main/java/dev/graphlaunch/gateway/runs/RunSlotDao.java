package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code run_slots}: the concurrency slots runs hold or wait for (docs/architecture.md, "Concurrency
 * limits"). Only rows of runs that have not ended count, so a run that ended by any path (its
 * workflow's finish, a cancel, the reconciler) frees its slots at once, whether or not its rows are
 * deleted yet. Waiters are served in order of (priority, requested_at, run_id): interactive API runs
 * first, then oldest first.
 */
public interface RunSlotDao {

    /** The wire names of the final statuses, bound as {@code :finals}. */
    String[] FINALS = Arrays.stream(RunStatus.values()).filter(RunStatus::isFinal).map(RunStatus::wire)
            .toArray(String[]::new);

    /**
     * Serialises admissions of one key until commit. Callers lock their keys in sorted order, so two
     * runs that share two keys never wait for each other's locks.
     */
    @SqlQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 60))) locked")
    int lockKey(String key);

    /** @return 1 when the run asks for this key's slot for the first time */
    @SqlUpdate("""
            insert into run_slots (limit_key, run_id, workflow_id, slot_limit, priority)
            values (:key, :runId, :workflowId, :limit, :priority)
            on conflict (limit_key, run_id) do nothing""")
    int request(String key, UUID runId, String workflowId, int limit, int priority);

    /** Where the run stands in its key's queue; counts only runs that have not ended. */
    @SqlQuery("""
            select count(*) filter (where s.holding and s.run_id <> m.run_id) as running,
                   count(*) filter (where not s.holding
                       and (s.priority, s.requested_at, s.run_id) < (m.priority, m.requested_at, m.run_id)) as ahead,
                   m.holding as holding
            from run_slots m
            join run_slots s on s.limit_key = m.limit_key
            join graph_runs r on r.id = s.run_id and r.status <> all(cast(:finals as text[]))
            where m.limit_key = :key and m.run_id = :runId
            group by m.run_id, m.holding""")
    @RegisterConstructorMapper(SlotPosition.class)
    SlotPosition position(String key, UUID runId, String[] finals);

    default SlotPosition position(String key, UUID runId) {
        return position(key, runId, FINALS);
    }

    /** @return when the run first asked, over all its keys */
    @SqlQuery("select min(requested_at) from run_slots where run_id = :runId")
    Instant requestedAt(UUID runId);

    @SqlUpdate("update run_slots set holding = true, granted_at = now() where run_id = :runId and not holding")
    int grant(UUID runId);

    /** Housekeeping: rows of ended runs no longer count; this only keeps the table small. */
    @SqlUpdate("""
            delete from run_slots s using graph_runs r
            where r.id = s.run_id and r.status = any(cast(:finals as text[]))""")
    int deleteEnded(String[] finals);

    default int deleteEnded() {
        return deleteEnded(FINALS);
    }

    /**
     * The waiting runs that would get every slot they need if they asked now, each marked signalled;
     * a run signalled less than {@code resignalAfterMillis} ago is left out, so several gateway replicas
     * and repeated ticks do not flood a workflow with signals.
     *
     * @return their workflow ids, each once
     */
    @SqlQuery("""
            with live as (
                select s.* from run_slots s join graph_runs r on r.id = s.run_id
                where r.status <> all(cast(:finals as text[]))
            ), standing as (
                select w.run_id,
                    (select count(*) from live h where h.limit_key = w.limit_key and h.holding)
                    + (select count(*) from live a where a.limit_key = w.limit_key and not a.holding
                        and (a.priority, a.requested_at, a.run_id) < (w.priority, w.requested_at, w.run_id)) as taken,
                    w.slot_limit
                from live w where not w.holding
            ), ready as (
                select run_id from standing group by run_id having bool_and(taken < slot_limit)
            )
            update run_slots s set signalled_at = now()
            where s.run_id in (select run_id from ready) and not s.holding
              and (s.signalled_at is null or s.signalled_at < now() - :resignalAfterMillis * interval '1 millisecond')
            returning s.workflow_id""")
    List<String> claimWakeable(long resignalAfterMillis, String[] finals);

    default List<String> claimWakeable(long resignalAfterMillis) {
        return claimWakeable(resignalAfterMillis, FINALS).stream().distinct().toList();
    }

    /** The slot a run waits for, for the run's view: the first of its keys it does not hold. */
    @SqlQuery("""
            select limit_key, slot_limit, requested_at from run_slots
            where run_id = :runId and not holding order by limit_key limit 1""")
    @RegisterConstructorMapper(WaitingSlot.class)
    java.util.Optional<WaitingSlot> waitingSlot(UUID runId);

    record SlotPosition(int running, int ahead, boolean holding) {}

    record WaitingSlot(String limitKey, int slotLimit, Instant requestedAt) {}
}
