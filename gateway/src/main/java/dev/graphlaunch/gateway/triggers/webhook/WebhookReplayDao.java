package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The kept bodies of verified deliveries ({@code webhook_delivery_bodies}) and what a replay writes besides the log. */
@RegisterConstructorMapper(KeptBody.class)
public interface WebhookReplayDao {

    @CreateSqlObject
    WebhookDeliveryDao log();

    /** The log row and its body commit together: a kept body always has its row. */
    @Transaction
    default void insertKept(WebhookDelivery delivery, JsonNode headers, byte[] body) {
        log().insert(delivery);
        insertBody(delivery.id(), headers, body);
    }

    /** {@code now()} is the transaction's start, so the body's time is its row's {@code received_at}. */
    @SqlUpdate("""
            insert into webhook_delivery_bodies (delivery_log_id, received_at, headers, body)
            values (:deliveryLogId, now(), :headers, :body)""")
    void insertBody(UUID deliveryLogId, JsonNode headers, byte[] body);

    @SqlQuery("""
            select delivery_log_id, received_at, headers, body from webhook_delivery_bodies
            where delivery_log_id = :deliveryLogId""")
    Optional<KeptBody> findBody(UUID deliveryLogId);

    /** Deletes up to {@code limit} bodies received before {@code cutoff}, oldest first. */
    @SqlUpdate("""
            delete from webhook_delivery_bodies where delivery_log_id in (
                select delivery_log_id from webhook_delivery_bodies where received_at < :cutoff
                order by received_at limit :limit)""")
    int purgeBefore(OffsetDateTime cutoff, int limit);

    /** As a rerun links to its original; a repeated replay with the same key finds the link made. */
    @SqlUpdate("update graph_runs set rerun_of = :originalId where id = :rerunId and rerun_of is null")
    int markRerunOf(UUID rerunId, UUID originalId);
}
