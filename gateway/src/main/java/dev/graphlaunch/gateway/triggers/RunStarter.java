package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.gateway.metrics.TriggerOutcome;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start protocol every trigger uses: the run and its pending workflow start commit in one
 * transaction before the trigger is answered; the relay then starts the workflow. PostgreSQL's
 * unique (tenant, key) is what makes a repeated trigger find its first run instead of a new one.
 * A repeated key (a client's retry, a redelivered webhook) is answered from one indexed read before
 * any of that; the unique key still settles two first requests racing with the same key. A new API
 * run is refused while the start backlog is full; system triggers (webhooks) never are, since
 * nobody would send them again.
 */
public class RunStarter {
    private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);
    private final RunStarts starts;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final StartBacklog backlog;
    private final GatewayMetrics metrics;

    public RunStarter(RunStarts starts, ObjectMapper mapper, OutboxRelay relay, StartBacklog backlog,
            GatewayMetrics metrics) {
        this.starts = starts;
        this.mapper = mapper;
        this.relay = relay;
        this.backlog = backlog;
        this.metrics = metrics;
    }

    /**
     * @throws IdempotencyKeyReusedException when the key already has a run for a different request
     * @throws StartBacklogFullException for a new API run while the backlog is full (a replay still answers)
     */
    public StartedRun start(NewRun request) {
        NewGraphRun run = toRun(request);
        StartedRun started;
        try {
            started = starts.start(run, () -> mapper.valueToTree(workflowInput(run)), () -> admit(request));
        } catch (StartBacklogFullException full) {
            return replayWhileFull(request, full);
        }
        LogContext.forRun(started.run().id(), started.run().workflowId(), started.run().tenantId());
        if (started.replayed()) {
            try {
                requireSameRequest(request, started.run());
            } catch (IdempotencyKeyReusedException refused) {
                metrics.triggered(request.runKind(), TriggerOutcome.REFUSED);
                throw refused;
            }
            metrics.triggered(request.runKind(), TriggerOutcome.DUPLICATE);
        } else {
            backlog.accepted(request.tenantId());
            relay.startSoon(started.run().id());
            metrics.triggered(request.runKind(), TriggerOutcome.STARTED);
            LOG.info("Run accepted: {} {} by {}", run.runKind().wire(), run.graphId(), run.triggerSource().wire());
        }
        return started;
    }

    private void admit(NewRun request) {
        if (request.runKind() == RunKind.USER_IMMEDIATE) {
            backlog.admit(request.tenantId());
        }
    }

    /** The key's first run may have committed since the first look (a concurrent request with the same key). */
    private StartedRun replayWhileFull(NewRun request, StartBacklogFullException full) {
        Optional<StartedRun> replay;
        try {
            replay = replayOf(request);
        } catch (IdempotencyKeyReusedException refused) {
            metrics.triggered(request.runKind(), TriggerOutcome.REFUSED);
            throw refused;
        }
        metrics.triggered(request.runKind(), replay.isPresent() ? TriggerOutcome.DUPLICATE : TriggerOutcome.REFUSED);
        return replay.orElseThrow(() -> full);
    }

    /** A repeated key is answered as always: it adds nothing to the backlog. */
    private Optional<StartedRun> replayOf(NewRun request) {
        return starts.findByKey(request.tenantId(), request.idempotencyKey())
                .map(existing -> {
                    requireSameRequest(request, existing);
                    return new StartedRun(existing, true);
                });
    }

    private static void requireSameRequest(NewRun request, GraphRun existing) {
        if (request.requestFingerprint() != null
                && !Objects.equals(request.requestFingerprint(), existing.requestFingerprint())) {
            // The trigger ref is the key as the client sent it; the stored one carries its family prefix.
            throw new IdempotencyKeyReusedException("Idempotency key '" + request.triggerRef()
                    + "' was already used for a different request (run " + existing.id()
                    + "). Use a new key for a new request.");
        }
    }

    private static NewGraphRun toRun(NewRun request) {
        return new NewGraphRun(UUID.randomUUID(), request.tenantId(), request.graphId(),
                WorkflowIds.forRun(request.tenantId(), request.idempotencyKey()), request.idempotencyKey(),
                request.requestFingerprint(), request.runKind(), request.triggerSource(), request.triggerRef(),
                request.requestedBy(), request.triggerMetadata(), request.grantRef(), request.input());
    }

    /** What the outbox relay starts the run's workflow with; every trigger that writes its own outbox row uses it. */
    public static GraphRunInput workflowInput(NewGraphRun run) {
        return new GraphRunInput(run.tenantId(), run.graphId(), null, run.runKind(), run.triggerSource(),
                run.triggerRef(), run.requestedBy(), run.grantRef(), run.id().toString());
    }
}
