package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.paging.Cursor;
import dev.graphlaunch.gateway.paging.PageRequest;
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

/** The delivery log of the GitHub webhook, newest first, for admins of the tenant the route serves. */
@Path("/api/v1/admin/webhooks/github/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {
    private final WebhookDeliveryDao deliveries;

    public WebhookDeliveriesResource(WebhookDeliveryDao deliveries) {
        this.deliveries = deliveries;
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
        PageRequest request = PageRequest.of(cursor, limitParam);
        if (outcome != null && DeliveryOutcome.fromWire(outcome).isEmpty()) {
            throw new InvalidRequestException("'outcome' must be one of "
                    + String.join(", ", Arrays.stream(DeliveryOutcome.values()).map(DeliveryOutcome::wire).toList()) + ".");
        }
        List<WebhookDelivery> rows = deliveries.list(caller.tenantId(),
                new DeliveryFilterParams(outcome, event, repository, deliveryId),
                request.afterTime(), request.afterId(), request.fetchSize());
        PageRequest.Page<WebhookDelivery> page =
                request.page(rows, delivery -> new Cursor(delivery.receivedAt(), delivery.id()));
        return new DeliveryPage(page.items(), page.nextCursor());
    }
}
