package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunId;
import dev.graphlaunch.gateway.runs.RunView;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /api/v1/runs/{id}/cancel}: stop one run of the caller's tenant. */
@Path("/api/v1/runs/{runId}/cancel")
@Produces(MediaType.APPLICATION_JSON)
public class CancelRunResource {
    private final GraphRunDao runs;
    private final RunCanceller canceller;

    public CancelRunResource(GraphRunDao runs, RunCanceller canceller) {
        this.runs = runs;
        this.canceller = canceller;
    }

    /** 202 whether the run ended at once or its workflow was asked to stop: the view's status says which. */
    @POST
    public Response cancel(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId) {
        caller.require(Scopes.RUNS_WRITE);
        GraphRun run = runs.requireForTenant(caller.tenantId(), runId);
        GraphRun after = canceller.cancel(run, caller.principal());
        CancelRequest request = canceller.requestOf(after.id()).orElse(null);
        return Response.accepted(new ControlledRun(RunView.of(after), request)).build();
    }
}
