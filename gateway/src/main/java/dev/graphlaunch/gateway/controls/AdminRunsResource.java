package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.MissingScopeException;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.controls.RunControlDao.BulkSelection;
import dev.graphlaunch.gateway.triggers.StartedRun;
import dev.graphlaunch.gateway.triggers.api.IdempotencyKeys;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bulk controls over the caller's tenant (scope {@code admin}): count first with {@code dryRun},
 * then act. Each run goes through the same path as its single-run control.
 */
@Path("/api/v1/admin/runs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminRunsResource {
    private static final List<RunStatus> ACTIVE = List.of(RunStatus.ACCEPTED, RunStatus.QUEUED, RunStatus.RUNNING);
    private static final List<RunStatus> FAILED = List.of(RunStatus.FAILED);

    private final RunControlDao controls;
    private final RunCanceller canceller;
    private final RunRerunner rerunner;

    public AdminRunsResource(RunControlDao controls, RunCanceller canceller, RunRerunner rerunner) {
        this.controls = controls;
        this.canceller = canceller;
        this.rerunner = rerunner;
    }

    @POST
    @Path("/cancel")
    public BulkCancelResult cancel(@Auth ApiPrincipal caller, @Valid BulkRequest request) {
        caller.require(Scopes.ADMIN);
        BulkRequest body = require(request);
        BulkSelection selection = body.selection(ACTIVE);
        // Refused on a dry run too: the dry run is how a caller checks the real call.
        int limit = body.effectiveLimit();
        long matched = count(caller, selection, ACTIVE);
        if (body.isDryRun()) {
            return new BulkCancelResult(matched, true, null, null, null, null);
        }
        int cancelled = 0;
        int requested = 0;
        int ended = 0;
        int unavailable = 0;
        for (GraphRun run : list(caller, selection, ACTIVE, limit)) {
            try {
                GraphRun after = canceller.cancel(run, caller.principal());
                if (after.status() == RunStatus.CANCELLED) {
                    cancelled++;
                } else {
                    requested++;
                }
            } catch (RunAlreadyEndedException endedMeanwhile) {
                ended++;
            } catch (WorkflowsUnavailableException e) {
                unavailable++;
            }
        }
        return new BulkCancelResult(matched, false, cancelled, requested, ended, unavailable);
    }

    /**
     * Reruns failed runs. With an {@code Idempotency-Key}, each rerun's key is derived from it and
     * the original, so repeating the call reruns nothing twice.
     */
    @POST
    @Path("/rerun")
    public BulkRerunResult rerun(@Auth ApiPrincipal caller, @HeaderParam("Idempotency-Key") String idempotencyHeader,
            @Valid BulkRequest request) {
        caller.require(Scopes.ADMIN);
        BulkRequest body = require(request);
        BulkSelection selection = body.selection(FAILED);
        int limit = body.effectiveLimit();
        long matched = count(caller, selection, FAILED);
        if (body.isDryRun()) {
            return new BulkRerunResult(matched, true, null, null, null, null);
        }
        String batch = idempotencyHeader == null ? UUID.randomUUID().toString() : IdempotencyKeys.parse(idempotencyHeader);
        int started = 0;
        int replayed = 0;
        int forbidden = 0;
        List<BulkRerunResult.Rerun> reruns = new ArrayList<>();
        for (GraphRun original : list(caller, selection, FAILED, limit)) {
            String key = "api:rerun:" + original.id() + ":" + batch;
            try {
                StartedRun rerun = rerunner.rerun(caller, original, key, idempotencyHeader != null, null);
                if (rerun.replayed()) {
                    replayed++;
                } else {
                    started++;
                }
                reruns.add(new BulkRerunResult.Rerun(original.id().toString(), rerun.run().id().toString()));
            } catch (MissingScopeException notThisGraph) {
                forbidden++;
            }
        }
        return new BulkRerunResult(matched, false, started, replayed, forbidden, reruns);
    }

    private static BulkRequest require(BulkRequest request) {
        if (request == null) {
            throw new InvalidRequestException("Send a JSON filter, e.g. {\"status\":\"queued\",\"dryRun\":true}.");
        }
        return request;
    }

    private long count(ApiPrincipal caller, BulkSelection selection, List<RunStatus> statuses) {
        return controls.countMatching(caller.tenantId(), selection, wires(statuses));
    }

    private List<GraphRun> list(ApiPrincipal caller, BulkSelection selection, List<RunStatus> statuses, int limit) {
        return controls.listMatching(caller.tenantId(), selection, wires(statuses), limit);
    }

    private static String[] wires(List<RunStatus> statuses) {
        return statuses.stream().map(RunStatus::wire).toArray(String[]::new);
    }
}
