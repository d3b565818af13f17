package dev.graphlaunch.gateway.usage;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(UsageGroup.class)
public interface UsageDao {

    /** @param key one of {@link GroupBy}'s SQL expressions, never client text */
    @SqlQuery("select <key> as key, count(*) as receipts, coalesce(sum(r.tokens_in), 0) as tokens_in,"
            + " coalesce(sum(r.tokens_out), 0) as tokens_out, coalesce(sum(r.cost), 0) as cost,"
            + " coalesce(sum(r.credits), 0) as credits"
            + " from charge_receipts r join graph_runs g on g.id = r.run_id"
            + " where r.tenant_id = :tenantId and r.created_at >= :from and r.created_at < :to"
            + " group by 1 order by 1")
    List<UsageGroup> sum(@Define("key") String key, String tenantId,
            OffsetDateTime from, OffsetDateTime to);
}
