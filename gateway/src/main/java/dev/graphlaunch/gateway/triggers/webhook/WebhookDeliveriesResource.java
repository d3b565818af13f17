package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.runs.RunCursor;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveryDao.DeliveryFilterParams;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The delivery log of the GitHub webhook, newest first, for admins of the tenant the route serves. */
@Path("/api/v1/admin/webhooks/github/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {
    static final int MAX_LIMIT = 200;

    private final Jdbi jdbi;

    public WebhookDeliveriesResource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @GET
    public DeliveryPage list(@Auth ApiPrincipal caller,
            @QueryParam("outcome") String outcome,
            @QueryParam("event") String event,
            @QueryParam("repository") String repository,
            @QueryParam("deliveryId") String deliveryId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") String limitParam) {
        caller.require(Scopes.ADMIN);
        int limit = limit(limitParam);
        if (outcome != null && DeliveryOutcome.fromWire(outcome).isEmpty()) {
            throw new InvalidRequestException("'outcome' must be one of "
                    + String.join(", ", Arrays.stream(DeliveryOutcome.values()).map(DeliveryOutcome::wire).toList()) + ".");
        }
        RunCursor after = cursor == null || cursor.isEmpty() ? null : RunCursor.decode(cursor);
        List<WebhookDelivery> rows = jdbi.withExtension(WebhookDeliveryDao.class, dao -> dao.list(caller.tenantId(),
                new DeliveryFilterParams(outcome, event, repository, deliveryId),
                after == null ? null : after.createdAtUtc(), after == null ? null : after.id(), limit + 1));
        List<WebhookDelivery> page = rows.subList(0, Math.min(limit, rows.size()));
        String next = rows.size() > limit ? lastOf(page).encode() : null;
        return new DeliveryPage(page, next);
    }

    private static RunCursor lastOf(List<WebhookDelivery> page) {
        WebhookDelivery last = page.get(page.size() - 1);
        // RunCursor is a plain (time, id) position; deliveries page by (received_at, id) the same way.
        return new RunCursor(last.receivedAt(), last.id());
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidRequestException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
