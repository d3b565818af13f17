package dev.graphlaunch.gateway.events;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEvent;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunId;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * A run's events, tenant-scoped like the run: a JSON page by default, or a live SSE stream when the
 * client asks for {@code text/event-stream} (resuming after {@code Last-Event-ID}).
 */
@Path("/api/v1/runs/{runId}/events")
public class RunEventsResource {
    static final int MAX_LIMIT = 1000;

    private final GraphRunDao runs;
    private final RunEventDao events;
    private final RunEventStreams streams;

    public RunEventsResource(GraphRunDao runs, RunEventDao events, RunEventStreams streams) {
        this.runs = runs;
        this.events = events;
        this.streams = streams;
    }

    @GET
    // qs: JSON wins when the client accepts anything; SSE only when it asks for it.
    @Produces("application/json;qs=1")
    public RunEventPage list(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        GraphRun run = find(caller, runId);
        long from = position("after", after, 0);
        int max = (int) Math.min(position("limit", limit, 500), MAX_LIMIT);
        if (max < 1) {
            throw new InvalidRequestException("'limit' must be from 1 to " + MAX_LIMIT + ".");
        }
        // Status before events, as the stream does: "complete" is never claimed too early.
        RunStatus status = events.runStatus(run.id()).orElseThrow();
        List<RunEvent> page = events.after(run.id(), from, max);
        long next = page.isEmpty() ? from : page.get(page.size() - 1).seq();
        boolean complete = status.isFinal() && page.size() < max;
        return new RunEventPage(run.id().toString(), status, page, next, complete);
    }

    @GET
    @Produces("text/event-stream;qs=0.5")
    public void stream(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") String after,
            @Context SseEventSink sink, @Context Sse sse) {
        GraphRun run = find(caller, runId);
        long from = lastEventId != null ? position("Last-Event-ID", lastEventId, 0) : position("after", after, 0);
        streams.follow(caller.tenantId(), run.id(), from, sink, sse);
    }

    private GraphRun find(ApiPrincipal caller, RunId runId) {
        caller.require(Scopes.RUNS_READ);
        return runs.requireForTenant(caller.tenantId(), runId);
    }

    private static long position(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidRequestException("'" + name + "' must be a whole number of 0 or more (an event seq).");
    }
}
