package dev.graphlaunch.gateway.triggers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.gateway.metrics.TriggerOutcome;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start protocol every trigger uses: the run and its pending workflow start commit in one
 * transaction before the trigger is answered; the relay then starts the workflow. PostgreSQL's
 * unique (tenant, key) is what makes a repeated trigger find its first run instead of a new one.
 */
public class RunStarter {
    private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);
    private final RunStarts starts;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final GatewayMetrics metrics;

    public RunStarter(RunStarts starts, ObjectMapper mapper, OutboxRelay relay, GatewayMetrics metrics) {
        this.starts = starts;
        this.mapper = mapper;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** @throws IdempotencyKeyReusedException when the key already has a run for a different request */
    public StartedRun start(NewRun request) {
        NewGraphRun run = toRun(request);
        StartedRun started = starts.insert(run, mapper.valueToTree(workflowInput(run)));
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
            relay.startSoon(started.run().id());
            metrics.triggered(request.runKind(), TriggerOutcome.STARTED);
            LOG.info("Run accepted: {} {} by {}", run.runKind().wire(), run.graphId(), run.triggerSource().wire());
        }
        return started;
    }

    private static void requireSameRequest(NewRun request, GraphRun existing) {
        if (request.requestFingerprint() != null
                && !Objects.equals(request.requestFingerprint(), existing.requestFingerprint())) {
            throw new IdempotencyKeyReusedException("Idempotency key '" + request.idempotencyKey()
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

    static GraphRunInput workflowInput(NewGraphRun run) {
        return new GraphRunInput(run.tenantId(), run.graphId(), run.input(), run.runKind(), run.triggerSource(),
                run.triggerRef(), run.requestedBy(), run.grantRef(), run.id().toString());
    }
}
