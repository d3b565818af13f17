package dev.graphlaunch.gateway.runs;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The attempts of a run as people read them, each with the usage its receipts add up to. */
@RegisterConstructorMapper(AttemptRow.class)
public interface RunAttemptDao {

    /** One statement: charge_receipts is indexed by (run_id, attempt), so the sums cost little. */
    @SqlQuery("""
            select a.attempt, a.status, a.started_at, a.finished_at, a.error_code, a.error_message, a.retryable,
                count(c.id) as receipts, coalesce(sum(c.tokens_in), 0) as tokens_in,
                coalesce(sum(c.tokens_out), 0) as tokens_out, coalesce(sum(c.cost), 0) as cost,
                coalesce(sum(c.credits), 0) as credits, count(c.id) filter (where c.fenced) as fenced_receipts
            from graph_run_attempts a
            left join charge_receipts c on c.run_id = a.run_id and c.attempt = a.attempt
            where a.run_id = :runId
            group by a.run_id, a.attempt
            order by a.attempt""")
    List<AttemptRow> list(UUID runId);
}
