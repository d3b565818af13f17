package dev.graphlaunch.gateway.triggers.webhook;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(WebhookDelivery.class)
public interface WebhookDeliveryDao {

    String COLUMNS = "id, source, tenant_id, delivery_id, event, action, repository, hook_id, outcome, reason,"
            + " http_status, run_id, received_at, replay_of, requested_by,"
            + " exists (select 1 from webhook_delivery_bodies b where b.delivery_log_id = webhook_deliveries.id) as body_kept";

    @SqlUpdate("insert into webhook_deliveries (id, source, tenant_id, delivery_id, event, action, repository,"
            + " hook_id, outcome, reason, http_status, run_id, replay_of, requested_by) values (:id, :source,"
            + " :tenantId, :deliveryId, :event, :action, :repository, :hookId, :outcome, :reason, :httpStatus,"
            + " cast(:runId as uuid), cast(:replayOf as uuid), :requestedBy)")
    void insert(@BindMethods WebhookDelivery delivery);

    /** A row of the tenant's log; another tenant's row does not exist for the caller. */
    @SqlQuery("select " + COLUMNS + " from webhook_deliveries where id = :id and tenant_id = :tenantId")
    Optional<WebhookDelivery> find(String tenantId, UUID id);

    /** Newest first; a null filter matches everything; the cursor is the last row of the previous page. */
    @SqlQuery("select " + COLUMNS + " from webhook_deliveries where tenant_id = :tenantId"
            + " and (cast(:outcome as text) is null or outcome = :outcome)"
            + " and (cast(:event as text) is null or event = :event)"
            + " and (cast(:repository as text) is null or lower(repository) = lower(:repository))"
            + " and (cast(:deliveryId as text) is null or delivery_id = :deliveryId)"
            + " and (cast(:cursorId as uuid) is null"
            + "      or (received_at, id) < (cast(:cursorAt as timestamptz), cast(:cursorId as uuid)))"
            + " order by received_at desc, id desc limit :limit")
    List<WebhookDelivery> list(String tenantId, @BindMethods DeliveryFilterParams filter,
            OffsetDateTime cursorAt, UUID cursorId, int limit);

    /** The optional filters of the admin listing; null means "any". */
    record DeliveryFilterParams(String outcome, String event, String repository, String deliveryId) {}
}
