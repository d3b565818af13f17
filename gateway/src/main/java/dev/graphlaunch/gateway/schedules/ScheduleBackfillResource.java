package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/** {@code POST /api/v1/admin/schedules/{id}/backfill {from, to}}: run each missed slot once. Scope {@code admin}. */
@Path("/api/v1/admin/schedules/{id}/backfill")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleBackfillResource {
    private final ScheduleBackfiller backfiller;
    private final Clock clock;

    public ScheduleBackfillResource(ScheduleBackfiller backfiller, Clock clock) {
        this.backfiller = backfiller;
        this.clock = clock;
    }

    @POST
    public Response backfill(@Auth ApiPrincipal caller, @PathParam("id") String id, BackfillRequest request) {
        caller.require(Scopes.ADMIN);
        if (request == null) {
            throw new InvalidRequestException("Send {\"from\": …, \"to\": …} as ISO-8601 instants.");
        }
        return Response.accepted(backfiller.backfill(caller.tenantId(), id, request.validated(clock))).build();
    }
}
