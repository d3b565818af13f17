package dev.graphlaunch.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
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

    @SqlQuery("select id from graph_runs where id = :runId for no key update")
    Optional<UUID> lockRun(@Bind("runId") UUID runId);

    @SqlQuery("insert into graph_run_events (run_id, seq, type, data)"
            + " select :runId, coalesce(max(seq), 0) + 1, :type, :data from graph_run_events where run_id = :runId"
            + " returning seq")
    long insertNext(@Bind("runId") UUID runId, @Bind("type") String type, @Bind("data") JsonNode data);

    @SqlQuery("select seq, type, data, created_at from graph_run_events"
            + " where run_id = :runId and seq > :after order by seq limit :limit")
    List<RunEvent> after(@Bind("runId") UUID runId, @Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("select status from graph_runs where id = :runId")
    Optional<String> runStatus(@Bind("runId") UUID runId);
}
