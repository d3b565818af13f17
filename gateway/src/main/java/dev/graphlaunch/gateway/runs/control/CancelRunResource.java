package dev.graphlaunch.gateway.runs.control;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunView;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.Jdbi;

/** {@code POST /api/v1/runs/{id}/cancel}: stop one run of the caller's tenant. */
@Path("/api/v1/runs/{runId}/cancel")
@Produces(MediaType.APPLICATION_JSON)
public class CancelRunResource {
    private final Jdbi jdbi;
    private final RunCanceller canceller;

    public CancelRunResource(Jdbi jdbi, RunCanceller canceller) {
        this.jdbi = jdbi;
        this.canceller = canceller;
    }

    /** 202 whether the run ended at once or its workflow was asked to stop: the view's status says which. */
    @POST
    public Response cancel(@Auth ApiPrincipal caller, @PathParam("runId") String runId) {
        caller.require(Scopes.RUNS_WRITE);
        GraphRun run = jdbi.withExtension(GraphRunDao.class, dao -> dao.requireForTenant(caller.tenantId(), runId));
        GraphRun after = canceller.cancel(run, caller.principal());
        CancelRequest request = jdbi.withExtension(RunControlDao.class, dao -> dao.cancelRequest(after.id())).orElse(null);
        return Response.accepted(new ControlledRun(RunView.of(after), request)).build();
    }
}
