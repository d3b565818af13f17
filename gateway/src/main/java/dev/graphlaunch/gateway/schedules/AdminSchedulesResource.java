package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The managed schedules of the caller's tenant: list, trigger now, pause and unpause. Scope {@code admin}. */
@Path("/api/v1/admin/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class AdminSchedulesResource {
    private final ScheduleAdmin schedules;

    public AdminSchedulesResource(ScheduleAdmin schedules) {
        this.schedules = schedules;
    }

    @GET
    public Map<String, List<ScheduleView>> list(@Auth ApiPrincipal caller) {
        caller.require(Scopes.ADMIN);
        return Map.of("items", schedules.list(caller.tenantId()));
    }

    @POST
    @Path("/{id}/trigger")
    public Response trigger(@Auth ApiPrincipal caller, @PathParam("id") String id) {
        caller.require(Scopes.ADMIN);
        return Response.accepted(schedules.trigger(caller.tenantId(), id)).build();
    }

    @POST
    @Path("/{id}/pause")
    public ScheduleView pause(@Auth ApiPrincipal caller, @PathParam("id") String id, @Valid PauseRequest request) {
        caller.require(Scopes.ADMIN);
        return schedules.setPaused(caller.tenantId(), id, true,
                noteOr(request, "paused through the admin API by " + caller.principal()));
    }

    @POST
    @Path("/{id}/unpause")
    public ScheduleView unpause(@Auth ApiPrincipal caller, @PathParam("id") String id, @Valid PauseRequest request) {
        caller.require(Scopes.ADMIN);
        return schedules.setPaused(caller.tenantId(), id, false,
                noteOr(request, "unpaused through the admin API by " + caller.principal()));
    }

    private static String noteOr(PauseRequest request, String fallback) {
        return request == null || request.note() == null || request.note().isBlank() ? fallback : request.note();
    }
}
