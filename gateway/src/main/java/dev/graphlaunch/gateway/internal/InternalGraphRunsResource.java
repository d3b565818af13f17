package dev.graphlaunch.gateway.internal;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.internal.ExecuteAttempt;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.execution.AttemptRunner;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunId;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The one place a graph executes: one attempt of one run, called by GraphRunWorkflow's activity. */
@Path("/api/internal/graphs/{graphId}/runs")
@InternalApiAuth
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalGraphRunsResource {
    private final GraphRunDao runs;
    private final AttemptRunner attempts;

    public InternalGraphRunsResource(GraphRunDao runs, AttemptRunner attempts) {
        this.runs = runs;
        this.attempts = attempts;
    }

    @POST
    public AttemptResult execute(@PathParam("graphId") String graphId, @NotNull ExecuteAttempt request) {
        InternalRequests.check(request);
        GraphRun run = runs.require(RunId.parse(request.runId()));
        if (!run.graphId().equals(graphId)) {
            throw new InvalidRequestException("Run " + run.id() + " runs " + run.graphId() + ", not " + graphId + ".");
        }
        return attempts.run(run, request.attempt());
    }
}
