package dev.graphlaunch.gateway.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.MissingScopeException;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.execution.GraphCatalog;
import dev.graphlaunch.gateway.json.CanonicalJson;
import dev.graphlaunch.gateway.ratelimit.Limited;
import dev.graphlaunch.gateway.ratelimit.RateLimiter;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunLinks;
import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.StartedRun;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The application trigger: validates, records the run, and answers before the graph runs. */
@Path("/api/v1/ai/chat")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {
    private final GraphCatalog catalog;
    private final RunStarter runStarter;
    private final RateLimiter rateLimiter;

    public ChatResource(GraphCatalog catalog, RunStarter runStarter, RateLimiter rateLimiter) {
        this.catalog = catalog;
        this.runStarter = runStarter;
        this.rateLimiter = rateLimiter;
    }

    @POST
    public Response chat(@Auth ApiPrincipal caller,
            @HeaderParam("Idempotency-Key") String idempotencyHeader,
            @NotNull @Valid ChatRequest request) {
        caller.require(Scopes.RUNS_WRITE);
        // trigger_ref keeps what the client sent; the stored key is in the client family (docs/architecture.md).
        String clientKey = idempotencyHeader == null ? null : IdempotencyKeys.parse(idempotencyHeader);
        String triggerRef = clientKey == null ? IdempotencyKeys.GENERATED_FAMILY + UUID.randomUUID() : clientKey;
        String key = clientKey == null ? triggerRef : IdempotencyKeys.ofClient(clientKey);
        JsonNode input = request.runInput();
        catalog.require(request.graphId());
        if (!caller.mayRunGraph(request.graphId())) {
            throw new MissingScopeException("This API key may not run graph '" + request.graphId() + "'.");
        }
        Limited<StartedRun> limited = rateLimiter.admit(caller, clientKey == null ? null : key, () -> runStarter.start(
                new NewRun(caller.tenantId(), request.graphId(), key, fingerprint(request.graphId(), input),
                        RunKind.USER_IMMEDIATE, TriggerSource.API, triggerRef, caller.principal(),
                        metadata(caller, idempotencyHeader != null), caller.grantRef(), input)), StartedRun::replayed);
        StartedRun started = limited.value();
        GraphRun run = started.run();
        Response.ResponseBuilder response = Response.accepted(
                        new RunAccepted(run.id().toString(), run.workflowId(), run.status(), RunLinks.of(run.id())))
                .location(URI.create(RunLinks.of(run.id()).self()));
        if (started.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        limited.headers().forEach(response::header);
        return response.build();
    }

    private static String fingerprint(String graphId, JsonNode input) {
        var canonical = JsonNodeFactory.instance.objectNode();
        canonical.put("graphId", graphId);
        canonical.set("input", input);
        return CanonicalJson.sha256(canonical);
    }

    private static JsonNode metadata(ApiPrincipal caller, boolean clientKey) {
        return JsonNodeFactory.instance.objectNode()
                .put("apiKeyId", caller.keyId().toString())
                .put("idempotencyKeySource", clientKey ? "header" : "generated");
    }
}
