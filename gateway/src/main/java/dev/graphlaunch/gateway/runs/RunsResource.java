package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.WireValue;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.paging.Cursor;
import dev.graphlaunch.gateway.paging.PageRequest;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/** Reading runs. A run of another tenant does not exist as far as the caller can tell. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final GraphRunDao runs;
    private final RunSlotDao slots;

    public RunsResource(GraphRunDao runs, RunSlotDao slots) {
        this.runs = runs;
        this.slots = slots;
    }

    /** A queued run also says what concurrency slot it waits for, if any (one more query, queued runs only). */
    @GET
    @Path("/{runId}")
    public RunView get(@Auth ApiPrincipal caller, @PathParam("runId") RunId runId) {
        caller.require(Scopes.RUNS_READ);
        GraphRun run = runs.requireForTenant(caller.tenantId(), runId);
        if (run.status() != RunStatus.QUEUED) {
            return RunView.of(run);
        }
        return RunView.of(run, slots.waitingSlot(run.id())
                .map(slot -> new RunView.WaitingFor(slot.limitKey(), slot.slotLimit(), slot.requestedAt()))
                .orElse(null));
    }

    @GET
    public RunPage list(@Auth ApiPrincipal caller,
            @QueryParam("status") String status,
            @QueryParam("runKind") String runKind,
            @QueryParam("triggerSource") String triggerSource,
            @QueryParam("graphId") String graphId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") String limitParam) {
        caller.require(Scopes.RUNS_READ);
        PageRequest request = PageRequest.of(cursor, limitParam);
        RunFilter filter = new RunFilter(known("status", status, RunStatus.class),
                known("runKind", runKind, RunKind.class), triggerSource, graphId);
        List<GraphRun> rows = runs.list(caller.tenantId(), filter, request.afterTime(), request.afterId(),
                request.fetchSize());
        PageRequest.Page<GraphRun> page = request.page(rows, run -> new Cursor(run.createdAt(), run.id()));
        return new RunPage(page.items().stream().map(RunView::of).toList(), page.nextCursor());
    }

    private static <E extends Enum<E> & WireValue> E known(String name, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return WireValue.parse(type, value);
        } catch (IllegalArgumentException unknown) {
            List<String> known = Arrays.stream(type.getEnumConstants()).map(WireValue::wire).toList();
            throw new InvalidRequestException("'" + name + "' must be one of " + String.join(", ", known) + ".");
        }
    }
}
