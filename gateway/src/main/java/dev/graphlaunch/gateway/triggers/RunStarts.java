package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The start protocol's one transaction: a run and its pending workflow start commit together.
 *
 * <p>Its statements are its own (the SQL is {@link GraphRunDao}'s and {@link RunStartOutboxDao}'s)
 * rather than those DAOs made with {@code @CreateSqlObject}: JDBI attaches an on-demand DAO anew on
 * every call, at a cost that grows with the DAO's methods, and this one runs on every trigger.
 */
@RegisterConstructorMapper(GraphRun.class)
public interface RunStarts {

    /**
     * The whole start on one connection. A repeated key is answered from one indexed read, before
     * admission and before any transaction; a new run is admitted, then {@link #insert inserted}.
     *
     * @param admit throws to refuse a new run (a full start backlog); not called for a repeated key
     */
    default StartedRun start(NewGraphRun run, Supplier<JsonNode> workflowInput, Runnable admit) {
        Optional<GraphRun> existing = findByKey(run.tenantId(), run.idempotencyKey());
        if (existing.isPresent()) {
            return new StartedRun(existing.get(), true);
        }
        admit.run();
        return insert(run, workflowInput.get());
    }

    /**
     * @return the new run, or the run that already holds the key (replayed): unique (tenant, key) is
     *     what makes a repeated trigger find its first run instead of a new one, also when two
     *     first requests with one key race past {@link #start}'s read
     */
    @Transaction
    default StartedRun insert(NewGraphRun run, JsonNode workflowInput) {
        Optional<GraphRun> inserted = insertRun(run, RunStatus.ACCEPTED);
        if (inserted.isPresent()) {
            insertStart(run.id(), run.workflowId(), workflowInput);
            return new StartedRun(inserted.get(), false);
        }
        GraphRun existing = findByKey(run.tenantId(), run.idempotencyKey())
                .orElseThrow(() -> new IllegalStateException("run vanished for key " + run.idempotencyKey()));
        return new StartedRun(existing, true);
    }

    /** The run a repeated trigger finds: one indexed read, no transaction. */
    @SqlQuery(GraphRunDao.FIND_BY_KEY)
    Optional<GraphRun> findByKey(String tenantId, String idempotencyKey);

    /** Only through {@link #insert}: a run without its pending start would never start. */
    @SqlQuery(GraphRunDao.INSERT)
    Optional<GraphRun> insertRun(@BindMethods NewGraphRun run, RunStatus status);

    @SqlUpdate(RunStartOutboxDao.INSERT)
    void insertStart(UUID runId, String workflowId, JsonNode input);
}
