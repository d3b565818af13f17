package dev.graphlaunch.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.events.RunEventDao;
import dev.graphlaunch.gateway.execution.RunEventSink;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunNotFoundException;
import dev.graphlaunch.gateway.runs.RunStatus;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Run-record upserts and transitions, for GraphRunWorkflow's activities only. */
@Path("/api/internal/runs")
@InternalApiAuth
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalRunsResource {
    private static final Set<String> FINAL_STATUSES = Set.of("succeeded", "failed", "cancelled", "skipped");

    private final Jdbi jdbi;
    private final GrantChecker grants;

    public InternalRunsResource(Jdbi jdbi, GrantChecker grants) {
        this.jdbi = jdbi;
        this.grants = grants;
    }

    /**
     * Marks the workflow's run as running, creating the record first when no gateway trigger did
     * (scheduled runs). Idempotent: a retried activity finds the row it made.
     */
    @PUT
    @Path("/by-workflow")
    public RunRecord recordStarted(@QueryParam("workflowId") String workflowId, @NotNull RecordRunStarted started) {
        if (workflowId == null || workflowId.isBlank()) {
            throw new InvalidRequestException("The 'workflowId' query parameter is required.");
        }
        InternalRequests.check(started, false);
        GraphRun run = jdbi.inTransaction(handle -> {
            GraphRunDao runs = handle.attach(GraphRunDao.class);
            if (runs.findByWorkflowId(workflowId).isEmpty()) {
                runs.insert(newRunFor(workflowId, started));
            }
            GraphRun found = runs.findByWorkflowId(workflowId)
                    .orElseThrow(() -> new RunNotFoundException(workflowId));
            runs.advance(found.id(), RunStatus.RUNNING.wire(), RunStatus.RUNNING.rank());
            return runs.findById(found.id()).orElseThrow();
        });
        return record(run);
    }

    @POST
    @Path("/{runId}/grant-check")
    public GrantDecision checkGrant(@PathParam("runId") String runId) {
        return grants.check(find(runId));
    }

    /** Ends the run; a run that already ended keeps its first ending. */
    @POST
    @Path("/{runId}/finish")
    public RunRecord finish(@PathParam("runId") String runId, @NotNull FinishRun finish) {
        InternalRequests.check(finish);
        if (!FINAL_STATUSES.contains(finish.status())) {
            throw new InvalidRequestException("'status' must be one of " + FINAL_STATUSES + ".");
        }
        GraphRun run = find(runId);
        jdbi.useTransaction(handle -> {
            int ended = handle.attach(GraphRunDao.class).finish(run.id(), finish.status(), finish.output(),
                    finish.errorCode(), finish.errorMessage());
            if (ended == 1) {
                // The last event of every run: streams close once they have delivered it.
                handle.attach(RunEventDao.class).append(run.id(), RunEventSink.STATUS, finalStatus(finish));
            }
        });
        return record(find(runId));
    }

    private GraphRun find(String runId) {
        return jdbi.withExtension(GraphRunDao.class, dao -> dao.require(runId));
    }

    private static GraphRun newRunFor(String workflowId, RecordRunStarted started) {
        GraphRunInput run = started.run();
        if (run.runId() != null || started.idempotencyKey() == null) {
            // A trigger that went through the gateway always has its record already.
            throw new RunNotFoundException(run.runId() == null ? workflowId : run.runId());
        }
        InternalRequests.check(started, true);
        return new GraphRun(UUID.randomUUID(), run.tenantId(), run.graphId(), workflowId, started.idempotencyKey(),
                null, run.runKind().wire(), run.triggerSource(), started.triggerRef(), run.requestedBy(),
                orEmpty(started.triggerMetadata()), run.grantRef(), orEmpty(run.input()),
                RunStatus.ACCEPTED.wire(), 0, null, null, null, null, null, null, null, null);
    }

    private static JsonNode finalStatus(FinishRun finish) {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("status", finish.status());
        if (finish.errorCode() != null) {
            event.put("code", finish.errorCode()).put("message", finish.errorMessage());
        }
        return event;
    }

    private static JsonNode orEmpty(JsonNode value) {
        return value == null || value.isNull() ? JsonNodeFactory.instance.objectNode() : value;
    }

    static RunRecord record(GraphRun run) {
        return new RunRecord(run.id().toString(), run.status(), run.attempt());
    }
}
