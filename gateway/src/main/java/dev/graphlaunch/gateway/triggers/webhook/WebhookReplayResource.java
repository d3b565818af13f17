package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.runs.RunLinks;
import dev.graphlaunch.gateway.triggers.api.IdempotencyKeys;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * {@code POST …/deliveries/{id}/replay}: an admin re-processes a logged delivery from its kept
 * body. 202 when it started a run (as a live delivery is answered), 200 when it found the
 * failure's run or was ignored.
 */
@Path("/api/v1/admin/webhooks/github/deliveries/{id}/replay")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookReplayResource {
    private final DeliveryReplays replays;

    public WebhookReplayResource(DeliveryReplays replays) {
        this.replays = replays;
    }

    @POST
    public Response replay(@Auth ApiPrincipal caller, @PathParam("id") String id,
            @HeaderParam("Idempotency-Key") String idempotencyHeader, ReplayRequest request) {
        caller.require(Scopes.ADMIN);
        String clientKey = idempotencyHeader == null ? null : IdempotencyKeys.parse(idempotencyHeader);
        ReplayAnswer answer = replays.replay(caller.tenantId(), caller.principal(), id,
                request != null && request.wantsRerun(), clientKey);
        if (answer.outcome() != DeliveryOutcome.STARTED) {
            return Response.ok(answer).build();
        }
        return Response.accepted(answer).location(URI.create(RunLinks.of(UUID.fromString(answer.runId())).self()))
                .build();
    }
}
