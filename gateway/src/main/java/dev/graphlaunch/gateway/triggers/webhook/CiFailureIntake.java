package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.gateway.metrics.TriggerOutcome;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.OutboxRelay;
import dev.graphlaunch.gateway.triggers.RunStarter;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a CI failure becomes (part of) a triage run, however it was found: a delivery, a replayed
 * delivery or the catch-up poll all come through {@link #intake}, so the dedupe on the semantic
 * key ({@code ci_failures}) holds across all of them.
 *
 * <p>With {@code githubWebhook.debounce} on for the repository, the first failure of a commit opens
 * a run whose start waits out the window, and failures of the same commit that come before the
 * run starts are added to its input: one run lists them all. A failure that comes after the run
 * started opens a follow-up run (see docs/github-webhook.md, "Debounce per commit", for why).
 */
public class CiFailureIntake {
    private static final Logger LOG = LoggerFactory.getLogger(CiFailureIntake.class);

    private final GitHubWebhookConfig config;
    private final CiFailureLedger ledger;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final GatewayMetrics metrics;

    public CiFailureIntake(GitHubWebhookConfig config, CiFailureLedger ledger, ObjectMapper mapper, OutboxRelay relay,
            GatewayMetrics metrics) {
        this.config = config;
        this.ledger = ledger;
        this.mapper = mapper;
        this.relay = relay;
        this.metrics = metrics;
    }

    /**
     * @param event a completed, failing workflow run the route accepts (the caller filtered it)
     * @throws dev.graphlaunch.gateway.errors.InvalidRequestException when the event lacks what a run needs
     */
    public Intake intake(WorkflowRunEvent event, FailureReport report) {
        event.requireStartable();
        CiFailure failure = CiFailure.of(config.tenant(), event, report);
        boolean debounced = event.sha() != null && config.debounce().appliesTo(event.repository());
        Intake intake = ledger.record(failure, new Plan(event, failure, report, debounced));
        LogContext.forRun(intake.run().id(), intake.run().workflowId(), intake.run().tenantId());
        switch (intake.outcome()) {
            case STARTED -> {
                if (!debounced) {
                    relay.startSoon(intake.run().id());
                }
                metrics.triggered(RunKind.SYSTEM_WEBHOOK, TriggerOutcome.STARTED);
                LOG.info("Run accepted for CI failure {} of {} at {}{}", failure.semanticKey(), event.repository(),
                        event.sha(), debounced ? ", starting after " + config.debounce().window() : "");
            }
            case JOINED -> {
                metrics.triggered(RunKind.SYSTEM_WEBHOOK, TriggerOutcome.JOINED);
                LOG.info("CI failure {} joined run {} ({} failures of {})", failure.semanticKey(), intake.run().id(),
                        intake.failures(), event.sha());
            }
            case DUPLICATE -> metrics.triggered(RunKind.SYSTEM_WEBHOOK, TriggerOutcome.DUPLICATE);
            default -> throw new IllegalStateException("unknown intake outcome " + intake.outcome());
        }
        return intake;
    }

    /**
     * A run of its own for a failure that already has its triage, e.g. a replay asking for a rerun:
     * the same input and provenance a first run of the failure would have, under {@code idempotencyKey}.
     * Started through {@link RunStarter}, not recorded in {@code ci_failures}: the failure stays the
     * first run's.
     */
    public NewRun soloRun(WorkflowRunEvent event, FailureReport report, String idempotencyKey) {
        event.requireStartable();
        NewGraphRun run = new Plan(event, CiFailure.of(config.tenant(), event, report), report, false)
                .newRun(idempotencyKey, null);
        return new NewRun(run.tenantId(), run.graphId(), run.idempotencyKey(), null, run.runKind(),
                run.triggerSource(), run.triggerRef(), run.requestedBy(), run.triggerMetadata(), run.grantRef(),
                run.input());
    }

    /** The run of this failure's route: tenant, graph and provenance from the route, input from the failure. */
    private final class Plan implements CiFailureLedger.RunPlan {
        private final WorkflowRunEvent event;
        private final CiFailure failure;
        private final FailureReport report;
        private final boolean debounced;

        Plan(WorkflowRunEvent event, CiFailure failure, FailureReport report, boolean debounced) {
            this.event = event;
            this.failure = failure;
            this.report = report;
            this.debounced = debounced;
        }

        @Override
        public Duration window() {
            return debounced ? config.debounce().javaWindow() : null;
        }

        @Override
        public int maxFailures() {
            return config.debounce().maxFailures();
        }

        @Override
        public NewGraphRun newRun(String idempotencyKey, UUID followUpOf) {
            return new NewGraphRun(UUID.randomUUID(), config.tenant(), config.graph(),
                    WorkflowIds.forRun(config.tenant(), idempotencyKey), idempotencyKey, null, RunKind.SYSTEM_WEBHOOK,
                    report.foundBy().triggerSource(), report.ref(), requestedBy(),
                    metadata(followUpOf), GitHubDeliveries.GRANT_REF, input(followUpOf));
        }

        private String requestedBy() {
            return report.requestedBy() != null ? report.requestedBy() : config.requestedByPrefix() + event.sender();
        }

        @Override
        public JsonNode workflowInput(NewGraphRun run) {
            return mapper.valueToTree(RunStarter.workflowInput(run));
        }

        /** {repo, sha, branch, failures: [...]}: one failure now, more as they join. */
        private ObjectNode input(UUID followUpOf) {
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            input.put("repo", event.repository());
            input.put("sha", event.sha());
            input.put("branch", event.branch());
            input.putArray("failures").add(failure.inputEntry());
            if (followUpOf != null) {
                input.put("followUpOf", followUpOf.toString());
            }
            return input;
        }

        /**
         * The reporter's metadata and the identifiers of the failure that opened the run, plus one
         * entry per failure in {@code deliveries}, which later failures of the batch extend.
         */
        private ObjectNode metadata(UUID followUpOf) {
            ObjectNode metadata = report.metadata() == null
                    ? JsonNodeFactory.instance.objectNode() : report.metadata().deepCopy();
            metadata.put("action", event.action());
            metadata.put("repository", event.repository());
            metadata.put("repositoryId", event.repositoryId());
            metadata.put("workflowId", event.workflowId());
            metadata.put("workflowRunId", event.runId());
            metadata.put("runAttempt", event.runAttempt());
            metadata.put("runNumber", event.runNumber());
            metadata.put("headSha", event.sha());
            metadata.put("foundBy", report.foundBy().wire());
            if (followUpOf != null) {
                metadata.put("followUpOf", followUpOf.toString());
            }
            ArrayNode deliveries = metadata.putArray("deliveries");
            deliveries.add(failure.deliveryEntry());
            return metadata;
        }
    }
}
