package dev.graphlaunch.gateway.triggers.webhook.catchup;

import java.util.List;
import java.util.Set;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The catch-up's leases and health, one row per repository (migration 070), and the one question
 * it asks the CI-failure ledger. Times are the database's, so replicas with skewed clocks agree.
 */
@RegisterConstructorMapper(CatchUpStatus.class)
public interface CatchUpDao {

    @SqlUpdate("""
            insert into github_catch_up_scans (repository)
            select unnest(cast(:repositories as text[]))
            on conflict (repository) do nothing
            """)
    void ensure(String[] repositories);

    /**
     * Takes the repository for one scan when nobody holds it and (unless {@code force}) its last
     * scan began at least {@code intervalSeconds} ago, so all replicas together scan it once per
     * interval. A lease that ran out (its replica died) can be taken over.
     *
     * @return false when another scan holds it or it is not due
     */
    @SqlUpdate("""
            update github_catch_up_scans
            set leased_by = :owner, leased_until = now() + make_interval(secs => :leaseSeconds),
                last_started_at = now()
            where repository = :repository
              and (leased_until is null or leased_until < now())
              and (:force or last_started_at is null
                   or last_started_at <= now() - make_interval(secs => :intervalSeconds))
            """)
    boolean claim(String repository, String owner, long leaseSeconds, long intervalSeconds, boolean force);

    /** Only the lease holder records; a scan that outlived its lease was overtaken and says nothing. */
    @SqlUpdate("""
            update github_catch_up_scans
            set leased_by = null, leased_until = null, last_success_at = last_started_at,
                consecutive_failures = 0, last_listed = :listed, last_started_runs = :started
            where repository = :repository and leased_by = :owner
            """)
    boolean succeeded(String repository, String owner, int listed, int started);

    @SqlUpdate("""
            update github_catch_up_scans
            set leased_by = null, leased_until = null, last_error = :error, last_error_at = now(),
                consecutive_failures = consecutive_failures + 1
            where repository = :repository and leased_by = :owner
            """)
    boolean failed(String repository, String owner, String error);

    @SqlQuery("""
            select repository, leased_by, leased_until, last_started_at, last_success_at, last_error,
                   last_error_at, consecutive_failures, last_listed, last_started_runs, created_at
            from github_catch_up_scans
            where repository = any(cast(:repositories as text[]))
            order by repository
            """)
    List<CatchUpStatus> statusOf(String[] repositories);

    /**
     * Which failures of these workflow runs {@code ci_failures} knows already (a delivery, a replay or
     * an earlier scan reported them): those need not reach the intake again. Matched to the exact
     * attempt by the caller; run ids go as text, the one array type the gateway registers.
     */
    @SqlQuery("""
            select repository, workflow_run_id, run_attempt from ci_failures
            where tenant_id = :tenantId and repository = any(cast(:repositories as text[]))
              and workflow_run_id = any(cast(cast(:workflowRunIds as text[]) as bigint[]))
            """)
    @RegisterConstructorMapper(KnownFailure.class)
    Set<KnownFailure> knownFailures(String tenantId, String[] repositories, String[] workflowRunIds);

    /** One failed attempt {@code ci_failures} names. */
    record KnownFailure(String repository, long workflowRunId, int runAttempt) {}
}
