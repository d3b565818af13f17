package dev.graphlaunch.gateway.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(OpenRun.class)
public interface ReconcileDao {
    /** One key for the whole cluster: only one replica reconciles at a time. */
    long LOCK_KEY = 0x67_6c_67_72_65_63L; // "glgrec"

    @SqlQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")
    boolean tryLock();

    @SqlQuery("select pg_advisory_unlock(" + LOCK_KEY + ")")
    boolean unlock();

    @SqlQuery("select exists (select 1 from graph_runs where status in ('accepted', 'queued', 'running'))")
    boolean anyOpen();

    /** Open runs among these workflow ids: the ones whose workflow closed without reporting back. */
    @SqlQuery("""
            select id, workflow_id, status, created_at from graph_runs
            where workflow_id = any(cast(:workflowIds as text[]))
              and status in ('accepted', 'queued', 'running')
            """)
    List<OpenRun> openAmong(@Bind("workflowIds") String[] workflowIds);

    /**
     * The next page of started runs old enough to describe, oldest first after the cursor. Not
     * {@code accepted}: its start is still the outbox's to make.
     */
    @SqlQuery("""
            select id, workflow_id, status, created_at from graph_runs
            where status in ('queued', 'running') and created_at < :olderThan
              and (created_at, id) > (:afterCreatedAt, :afterId)
            order by created_at, id limit :limit
            """)
    List<OpenRun> startedAfter(@Bind("olderThan") Instant olderThan, @Bind("afterCreatedAt") Instant afterCreatedAt,
            @Bind("afterId") UUID afterId, @Bind("limit") int limit);
}
