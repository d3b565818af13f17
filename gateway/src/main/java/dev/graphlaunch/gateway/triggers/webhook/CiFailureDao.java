package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunStatus;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** {@code ci_failures} and {@code ci_failure_batches}: which run triages which CI failure. */
public interface CiFailureDao {
    /**
     * The class of the two-key advisory locks this DAO takes ("CI"); PostgreSQL keeps two-key locks
     * apart from the one-key ones the reconciler and the schedule applier take.
     */
    int COMMIT_LOCK_CLASS = 0x4349;

    /**
     * Serializes, until commit, every intake of failures of one commit (and every repeat of one
     * failure, which has the same commit). A hash collision only makes two commits wait for each
     * other; it never merges them.
     */
    default void lockCommit(String tenantId, String repository, String headSha) {
        lockCommit(COMMIT_LOCK_CLASS, tenantId + "\n" + repository + "\n" + (headSha == null ? "" : headSha));
    }

    @SqlQuery("select true from pg_advisory_xact_lock(:lockClass, hashtext(:scope))")
    boolean lockCommit(int lockClass, String scope);

    @SqlQuery("""
            select run_id from ci_failures
            where tenant_id = :tenantId and repository = :repository
              and workflow_run_id = :workflowRunId and run_attempt = :runAttempt""")
    Optional<UUID> runOf(@BindMethods CiFailure failure);

    @SqlUpdate("""
            insert into ci_failures (id, tenant_id, repository, workflow_run_id, run_attempt, head_sha, branch,
                workflow_name, workflow_path, html_url, conclusion, actor, delivery_id, found_by, run_id)
            values (:id, :tenantId, :repository, :workflowRunId, :runAttempt, :headSha, :branch, :workflowName,
                :workflowPath, :htmlUrl, :conclusion, :actor, :deliveryId, :foundBy, :runId)""")
    void insert(@BindMethods CiFailure failure, UUID runId);

    /** The newest run collecting failures of a commit, with how many it lists. */
    @SqlQuery("""
            select b.run_id, b.seq, (select count(*) from ci_failures f where f.run_id = b.run_id) as failures
            from ci_failure_batches b
            where b.tenant_id = :tenantId and b.repository = :repository and b.head_sha = :headSha
            order by b.seq desc limit 1""")
    @RegisterConstructorMapper(Batch.class)
    Optional<Batch> latestBatch(String tenantId, String repository, String headSha);

    @SqlUpdate("""
            insert into ci_failure_batches (run_id, tenant_id, repository, head_sha, seq, follow_up_of)
            values (:runId, :tenantId, :repository, :headSha, :seq, cast(:followUpOf as uuid))""")
    void insertBatch(UUID runId, String tenantId, String repository, String headSha, int seq, UUID followUpOf);

    /**
     * Adds a failure to the input of a run that has not started, and its report to the run's
     * {@code trigger_metadata.deliveries}.
     *
     * @return 0 when the run is no longer {@code accepted}
     */
    default int appendToRun(UUID runId, JsonNode inputEntry, JsonNode deliveryEntry) {
        return appendToRun(runId, inputEntry, deliveryEntry, RunStatus.ACCEPTED);
    }

    @SqlUpdate("""
            update graph_runs set
                input = jsonb_set(input, '{failures}',
                    coalesce(input -> 'failures', '[]'::jsonb) || jsonb_build_array(:inputEntry)),
                trigger_metadata = jsonb_set(coalesce(trigger_metadata, '{}'::jsonb), '{deliveries}',
                    coalesce(trigger_metadata -> 'deliveries', '[]'::jsonb) || jsonb_build_array(:deliveryEntry))
            where id = :runId and status = :accepted""")
    int appendToRun(UUID runId, JsonNode inputEntry, JsonNode deliveryEntry, RunStatus accepted);

    /** @param failures how many failures the run lists */
    record Batch(UUID runId, int seq, long failures) {}
}
