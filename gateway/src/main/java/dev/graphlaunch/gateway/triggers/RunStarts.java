package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import java.util.Optional;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The start protocol's one transaction: a run and its pending workflow start commit together. */
public interface RunStarts {

    @CreateSqlObject
    GraphRunDao runs();

    @CreateSqlObject
    RunStartOutboxDao outbox();

    /**
     * @return the new run, or the run that already holds the key (replayed): unique (tenant, key) is
     *     what makes a repeated trigger find its first run instead of a new one
     */
    @Transaction
    default StartedRun insert(NewGraphRun run, JsonNode workflowInput) {
        Optional<GraphRun> inserted = runs().insert(run);
        if (inserted.isPresent()) {
            outbox().insert(run.id(), run.workflowId(), workflowInput);
            return new StartedRun(inserted.get(), false);
        }
        GraphRun existing = runs().findByKey(run.tenantId(), run.idempotencyKey())
                .orElseThrow(() -> new IllegalStateException("run vanished for key " + run.idempotencyKey()));
        return new StartedRun(existing, true);
    }

    /** The run a repeated trigger finds, read without starting anything (a refused request's replay). */
    default Optional<GraphRun> findByKey(String tenantId, String idempotencyKey) {
        return runs().findByKey(tenantId, idempotencyKey);
    }
}
