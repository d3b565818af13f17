package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.ratelimit.Limited;
import dev.graphlaunch.gateway.ratelimit.RateLimiter;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunId;
import dev.graphlaunch.gateway.runs.RunLinks;
import dev.graphlaunch.gateway.triggers.StartedRun;
import dev.graphlaunch.gateway.triggers.api.IdempotencyKeys;
import dev.graphlaunch.gateway.triggers.api.RunAccepted;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/** {@code POST /api/v1/runs/{id}/rerun}: a new run of the same graph, answered like any trigger. */
@Path("/api/v1/runs/{runId}/rerun")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RerunResource {
    private final GraphRunDao runs;
    private final RunRerunner rerunner;
    private final RateLimiter rateLimiter;

    public RerunResource(GraphRunDao runs, RunRerunner rerunner, RateLimiter rateLimiter) {
        this.runs = runs;
        this.rerunner = rerunner;
        this.rateLimiter = rateLimiter;
    }

    @POST
    public Response rerun(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId,
            @HeaderParam("Idempotency-Key") String idempotencyHeader, @Valid RerunRequest request) {
        caller.require(Scopes.RUNS_WRITE);
        GraphRun original = runs.requireForTenant(caller.tenantId(), runId);
        String key = idempotencyHeader == null ? "api:" + UUID.randomUUID() : IdempotencyKeys.parse(idempotencyHeader);
        Limited<StartedRun> limited = rateLimiter.admit(caller, idempotencyHeader == null ? null : key,
                () -> rerunner.rerun(caller, original, key, idempotencyHeader != null,
                        request == null ? null : request.newInput()), StartedRun::replayed);
        return accepted(limited.value(), limited.headers());
    }

    static Response accepted(StartedRun started, Map<String, String> headers) {
        GraphRun run = started.run();
        Response.ResponseBuilder response = Response.accepted(
                        new RunAccepted(run.id().toString(), run.workflowId(), run.status(), RunLinks.of(run.id())))
                .location(URI.create(RunLinks.of(run.id()).self()));
        if (started.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        headers.forEach(response::header);
        return response.build();
    }
}
