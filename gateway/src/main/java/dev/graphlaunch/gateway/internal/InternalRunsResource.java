package dev.graphlaunch.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.BegunRun;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.internal.SlotWait;
import dev.graphlaunch.gateway.concurrency.ConcurrencyLimits;
import dev.graphlaunch.gateway.concurrency.SlotDispatcher;
import dev.graphlaunch.gateway.runs.Admission;
import dev.graphlaunch.gateway.runs.SlotKey;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.execution.AttemptRunner;
import dev.graphlaunch.gateway.grants.GrantChecker;
import dev.graphlaunch.gateway.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import dev.graphlaunch.gateway.runs.RunId;
import dev.graphlaunch.gateway.runs.RunLedger;
import dev.graphlaunch.gateway.runs.RunNotFoundException;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Run-record upserts and transitions, for GraphRunWorkflow's activities only. */
@Path("/api/internal/runs")
@InternalApiAuth
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalRunsResource {
    private static final List<String> FINAL_STATUSES =
            Arrays.stream(RunStatus.values()).filter(RunStatus::isFinal).map(RunStatus::wire).toList();

    private static final Logger LOG = LoggerFactory.getLogger(InternalRunsResource.class);

    private final RunLedger ledger;
    private final GrantChecker grants;
    private final AttemptRunner attempts;
    private final ConcurrencyLimits limits;
    private final SlotDispatcher dispatcher;

    public InternalRunsResource(RunLedger ledger, GrantChecker grants, AttemptRunner attempts,
            ConcurrencyLimits limits, SlotDispatcher dispatcher) {
        this.ledger = ledger;
        this.grants = grants;
        this.attempts = attempts;
        this.limits = limits;
        this.dispatcher = dispatcher;
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
        GraphRun run = ledger.recordStarted(workflowId, () -> newRunFor(workflowId, started));
        LogContext.forRun(run.id(), run.workflowId(), run.tenantId());
        return record(run);
    }

    /**
     * {@link #recordStarted} and {@link #checkGrant} in one call, for the lean workflow's first
     * local activity. A run that already ended is reported as it is, with no grant checked.
     */
    @POST
    @Path("/begin")
    public BegunRun begin(@QueryParam("workflowId") String workflowId, @NotNull RecordRunStarted started) {
        if (workflowId == null || workflowId.isBlank()) {
            throw new InvalidRequestException("The 'workflowId' query parameter is required.");
        }
        InternalRequests.check(started, false);
        if (!started.waitsForSlot() || !limits.configured()) {
            return beginUnlimited(workflowId, started);
        }
        // Queued, not running, until the limits let it go: a waiting run must not look started.
        GraphRun run = ledger.recordQueued(workflowId, () -> newRunFor(workflowId, started));
        LogContext.forRun(run.id(), run.workflowId(), run.tenantId());
        if (run.status().isFinal()) {
            return new BegunRun(run.id().toString(), run.status(), run.attempt(), false, null);
        }
        GrantDecision grant = grants.check(run);
        List<SlotKey> keys = limits.keysFor(run);
        if (!grant.allowed() || keys.isEmpty()) {
            // A revoked grant ends the run skipped at once; it never queues for a slot it would not use.
            return grant.allowed() ? beginUnlimited(workflowId, started)
                    : new BegunRun(run.id().toString(), run.status(), run.attempt(), false, grant.reason());
        }
        Admission admission = ledger.admit(run, keys, ConcurrencyLimits.priority(run));
        // Reread: an operator may have cancelled the waiting run meanwhile, and its ending stands.
        GraphRun now = ledger.runs().findById(run.id()).orElseThrow();
        if (now.status().isFinal() || admission.granted()) {
            return new BegunRun(now.id().toString(), now.status(), now.attempt(), grant.allowed(), grant.reason());
        }
        LOG.info("Run {}", admission.describe());
        return new BegunRun(now.id().toString(), now.status(), now.attempt(), true, null, new SlotWait(
                admission.limitKey(), admission.limit(), admission.running(), admission.ahead(),
                limits.recheckAfterSeconds()));
    }

    /** Begin as it was before concurrency limits: marks the run running and checks its grant. */
    private BegunRun beginUnlimited(String workflowId, RecordRunStarted started) {
        GraphRun run = ledger.recordStarted(workflowId, () -> newRunFor(workflowId, started));
        if (run.status().isFinal()) {
            return new BegunRun(run.id().toString(), run.status(), run.attempt(), false, null);
        }
        GrantDecision grant = grants.check(run);
        return new BegunRun(run.id().toString(), run.status(), run.attempt(), grant.allowed(), grant.reason());
    }

    @POST
    @Path("/{runId}/grant-check")
    public GrantDecision checkGrant(@PathParam("runId") RunId runId) {
        return grants.check(require(runId));
    }

    /** Ends the run; a run that already ended keeps its first ending. */
    @POST
    @Path("/{runId}/finish")
    public RunRecord finish(@PathParam("runId") RunId runId, @NotNull FinishRun finish) {
        InternalRequests.check(finish);
        if (!finish.status().isFinal()) {
            throw new InvalidRequestException("'status' must be one of " + FINAL_STATUSES + ".");
        }
        GraphRun run = require(runId);
        if (ledger.finish(run.id(), finish)) {
            LOG.info("Run ended {}{}", finish.status().wire(), finish.errorCode() == null ? "" : " (" + finish.errorCode() + ")");
        }
        // The ended run is the fence: an attempt still running here can no longer write, so stop it.
        attempts.abandon(run.id());
        // Its slots count no more: a run waiting for one may go now.
        dispatcher.wake();
        return record(ledger.require(runId));
    }

    private GraphRun require(RunId runId) {
        GraphRun run = ledger.require(runId);
        LogContext.forRun(run.id(), run.workflowId(), run.tenantId());
        return run;
    }

    private static NewGraphRun newRunFor(String workflowId, RecordRunStarted started) {
        GraphRunInput run = started.run();
        if (run.runId() != null || started.idempotencyKey() == null) {
            // A trigger that went through the gateway always has its record already.
            throw new RunNotFoundException(run.runId() == null ? workflowId : run.runId());
        }
        InternalRequests.check(started, true);
        return new NewGraphRun(UUID.randomUUID(), run.tenantId(), run.graphId(), workflowId, started.idempotencyKey(),
                null, run.runKind(), run.triggerSource(), started.triggerRef(), run.requestedBy(),
                orEmpty(started.triggerMetadata()), run.grantRef(), orEmpty(run.input()));
    }

    private static JsonNode orEmpty(JsonNode value) {
        return value == null || value.isNull() ? JsonNodeFactory.instance.objectNode() : value;
    }

    static RunRecord record(GraphRun run) {
        return new RunRecord(run.id().toString(), run.status(), run.attempt());
    }
}
