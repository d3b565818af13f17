package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A run's execution attempts, for the run detail: why it was retried, how long each took, what each cost. */
@Path("/api/v1/runs/{runId}/attempts")
@Produces(MediaType.APPLICATION_JSON)
public class RunAttemptsResource {
    private final GraphRunDao runs;
    private final RunAttemptDao attempts;

    public RunAttemptsResource(GraphRunDao runs, RunAttemptDao attempts) {
        this.runs = runs;
        this.attempts = attempts;
    }

    @GET
    public RunAttempts list(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId) {
        caller.require(Scopes.RUNS_READ);
        GraphRun run = runs.requireForTenant(caller.tenantId(), runId);
        return new RunAttempts(run.id().toString(),
                attempts.list(run.id()).stream().map(AttemptView::of).toList());
    }
}
