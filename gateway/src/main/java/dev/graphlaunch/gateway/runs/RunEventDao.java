package dev.graphlaunch.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

@RegisterConstructorMapper(RunEvent.class)
public interface RunEventDao {

    /**
     * Appends with the next per-run seq. The run row stays locked until commit, so events of one
     * run commit in seq order even when two attempts write at once (an abandoned attempt can still
     * be running when the next one starts): a reader polling {@code seq > last} misses nothing.
     */
    @Transaction
    default long append(UUID runId, String type, JsonNode data) {
        lockRun(runId);
        return insertNext(runId, type, data);
    }

    /**
     * Appends an event of attempt {@code attempt} only while it holds the run's fence (docs/execution.md,
     * "One attempt at a time"): an attempt that a later one or the run's end overtook writes nothing.
     *
     * @return the event's seq, or empty when the attempt lost its fence
     */
    @Transaction
    default Optional<Long> appendFenced(UUID runId, int attempt, String type, JsonNode data) {
        if (!runs().holdsFence(runId, attempt)) {
            return Optional.empty();
        }
        return Optional.of(insertNext(runId, type, data));
    }

    @CreateSqlObject
    GraphRunDao runs();

    @SqlQuery("select id from graph_runs where id = :runId for no key update")
    Optional<UUID> lockRun(UUID runId);

    @SqlQuery("""
            insert into graph_run_events (run_id, seq, type, data)
            select :runId, coalesce(max(seq), 0) + 1, :type, :data from graph_run_events where run_id = :runId
            returning seq""")
    long insertNext(UUID runId, String type, JsonNode data);

    @SqlQuery("""
            select seq, type, data, created_at from graph_run_events
            where run_id = :runId and seq > :after order by seq limit :limit""")
    List<RunEvent> after(UUID runId, long after, int limit);

    @SqlQuery("select status from graph_runs where id = :runId")
    Optional<RunStatus> runStatus(UUID runId);

    /** The streams' poll, part 1: the status of every followed run in one query. */
    @SqlQuery("select id, status from graph_runs where id = any(cast(:ids as uuid[]))")
    @KeyColumn("id")
    @ValueColumn("status")
    Map<UUID, RunStatus> statuses(String[] ids);

    /** The streams' poll, part 2: up to {@code limit} new events of every followed run in one query. */
    @SqlQuery("""
            select f.run_id, e.seq, e.type, e.data, e.created_at
            from unnest(cast(:ids as uuid[]), cast(:afters as bigint[])) as f(run_id, after)
            cross join lateral (select seq, type, data, created_at from graph_run_events g
                where g.run_id = f.run_id and g.seq > f.after order by g.seq limit :limit) e
            order by f.run_id, e.seq""")
    @RegisterConstructorMapper(FollowedEvent.class)
    List<FollowedEvent> afterEach(String[] ids, String[] afters, int limit);

    /** A {@link RunEvent} with the run it belongs to. */
    record FollowedEvent(UUID runId, long seq, String type, JsonNode data, Instant createdAt) {
        public RunEvent event() {
            return new RunEvent(seq, type, data, createdAt);
        }
    }
}
