package dev.graphlaunch.gateway.reconcile;

import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reconciler's reads. Statuses go into the SQL as a literal list made from {@link RunStatus}
 * ({@code <statuses>}), not as bound values: only a literal lets PostgreSQL prove that a query
 * falls under the partial index {@code graph_runs_open_idx} (migration 009).
 */
@RegisterConstructorMapper(OpenRun.class)
public interface ReconcileDao {
    /** One key for the whole cluster: only one replica reconciles at a time. */
    long LOCK_KEY = 0x67_6c_67_72_65_63L; // "glgrec"

    /** Not final yet: the runs that can be left behind by a workflow that ended silently. */
    String OPEN = sqlList(Arrays.stream(RunStatus.values()).filter(status -> !status.isFinal()).toArray(RunStatus[]::new));
    /** Open and past the outbox: an {@code accepted} run's start is still the outbox's to make. */
    String STARTED = sqlList(RunStatus.QUEUED, RunStatus.RUNNING);

    @SqlQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")
    boolean tryLock();

    @SqlQuery("select pg_advisory_unlock(" + LOCK_KEY + ")")
    boolean unlock();

    default boolean anyOpen() {
        return anyOpen(OPEN);
    }

    @SqlQuery("select exists (select 1 from graph_runs where status in (<statuses>))")
    boolean anyOpen(@Define String statuses);

    /** Open runs among these workflow ids: the ones whose workflow closed without reporting back. */
    default List<OpenRun> openAmong(String[] workflowIds) {
        return openAmong(workflowIds, OPEN);
    }

    @SqlQuery("""
            select id, workflow_id, status, created_at from graph_runs
            where workflow_id = any(cast(:workflowIds as text[])) and status in (<statuses>)
            """)
    List<OpenRun> openAmong(String[] workflowIds, @Define String statuses);

    /** The next page of started runs old enough to describe, oldest first after the cursor. */
    default List<OpenRun> startedAfter(Instant olderThan, Instant afterCreatedAt, UUID afterId, int limit) {
        return startedAfter(olderThan, afterCreatedAt, afterId, limit, STARTED);
    }

    @SqlQuery("""
            select id, workflow_id, status, created_at from graph_runs
            where status in (<statuses>) and created_at < :olderThan
              and (created_at, id) > (:afterCreatedAt, :afterId)
            order by created_at, id limit :limit
            """)
    List<OpenRun> startedAfter(Instant olderThan, Instant afterCreatedAt, UUID afterId, int limit,
            @Define String statuses);

    /** {@code 'queued', 'running'}: wire names are fixed lower-case words, safe to inline. */
    static String sqlList(RunStatus... statuses) {
        return Arrays.stream(statuses).map(status -> "'" + status.wire() + "'").collect(Collectors.joining(", "));
    }
}
