package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.validation.StorableText;
import dev.graphlaunch.gateway.triggers.NewRun;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.StartedRun;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a GitHub delivery becomes a run, or is ignored or refused. The order matters: nothing in a
 * delivery is read (beyond its headers) until its raw bytes verify against a configured secret.
 * Every delivery, refused ones included, leaves one row in {@code webhook_deliveries}.
 */
public class GitHubDeliveries implements FailureTrigger {
    private final GatewayMetrics metrics;
    public static final String GRANT_REF = "webhook:github";
    static final String SOURCE = "github";
    private static final int MAX_REASON = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubDeliveries.class);

    private final GitHubWebhookConfig config;
    private final SignatureVerifier verifier;
    private final DeliveryFilter filter;
    private final RunStarter runStarter;
    private final WebhookDeliveryDao deliveries;
    private final ObjectMapper mapper;

    public GitHubDeliveries(GitHubWebhookConfig config, DeliveryFilter filter, RunStarter runStarter,
            WebhookDeliveryDao deliveries, ObjectMapper mapper, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.verifier = new SignatureVerifier(config.secrets());
        this.filter = filter;
        this.runStarter = runStarter;
        this.deliveries = deliveries;
        this.mapper = mapper;
    }

    /** @throws ProblemException for a refused delivery, after it was logged as rejected */
    public DeliveryAnswer receive(DeliveryHeaders headers, InputStream body) {
        LogContext.put(LogContext.TENANT_ID, config.tenant());
        DeliveryAnswer answer;
        try {
            answer = handle(headers, body);
        } catch (ProblemException refused) {
            recordRejection(headers, refused);
            throw refused;
        }
        record(headers, answer.action(), answer.repository(), answer.outcome(), answer.reason(), answer.httpStatus(),
                answer.runId() == null ? null : UUID.fromString(answer.runId()));
        return answer;
    }

    private DeliveryAnswer handle(DeliveryHeaders headers, InputStream body) {
        if (!config.enabled()) {
            throw new WebhookNotConfiguredException();
        }
        byte[] raw = DeliveryBody.read(body, headers.contentLength(), config.maxBody().toBytes());
        if (headers.signature() == null) {
            throw new InvalidSignatureException("The " + DeliveryHeaders.SIGNATURE + " header is missing.");
        }
        if (!verifier.verifies(raw, headers.signature())) {
            throw new InvalidSignatureException("The " + DeliveryHeaders.SIGNATURE
                    + " header does not match the body for any configured secret.");
        }
        headers.requireEventAndDelivery();
        JsonNode payload = DeliveryBody.parse(raw, headers, mapper);
        // Verified, yet text that PostgreSQL cannot store is replaced, not refused (see WorkflowRunEvent).
        String action = payload.path("action").isTextual() ? StorableText.storable(payload.path("action").asText()) : null;
        String repository = StorableText.storable(payload.path("repository").path("full_name").asText(null));
        return switch (headers.event()) {
            case "ping" -> DeliveryAnswer.pong(headers.deliveryId(), repository,
                    "ping received: hook " + payload.path("hook_id").asText("?") + " reaches this gateway");
            case "workflow_run" -> workflowRun(headers, WorkflowRunEvent.from(payload));
            default -> DeliveryAnswer.ignored(headers.deliveryId(), action, repository,
                    "event '" + headers.event() + "' is not handled; subscribe the hook to 'Workflow runs' only");
        };
    }

    private DeliveryAnswer workflowRun(DeliveryHeaders headers, WorkflowRunEvent event) {
        Optional<String> ignored = filter.whyIgnored(event);
        if (ignored.isPresent()) {
            return DeliveryAnswer.ignored(headers.deliveryId(), event.action(), event.repository(), ignored.get());
        }
        event.requireStartable();
        StartedRun started = trigger(event, new FoundBy(TriggerSource.GITHUB_WEBHOOK, headers.deliveryId(),
                config.requestedByPrefix() + event.sender(), metadata(headers, event)));
        return DeliveryAnswer.run(headers.deliveryId(), event, started.run(), started.replayed());
    }

    /** One run per workflow run attempt; no request fingerprint, because a redelivery is the same trigger. */
    @Override
    public StartedRun trigger(WorkflowRunEvent failure, FoundBy foundBy) {
        return runStarter.start(new NewRun(config.tenant(), config.graph(), failure.idempotencyKey(), null,
                RunKind.SYSTEM_WEBHOOK, foundBy.source(), foundBy.triggerRef(), foundBy.requestedBy(),
                foundBy.metadata(), GRANT_REF, failure.runInput()));
    }

    /** Delivery headers and the identifiers that find this failure again on GitHub. */
    private static JsonNode metadata(DeliveryHeaders headers, WorkflowRunEvent event) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("event", headers.event());
        metadata.put("deliveryId", headers.deliveryId());
        metadata.put("hookId", headers.hookId());
        metadata.put("installationTargetType", headers.installationTargetType());
        metadata.put("installationTargetId", headers.installationTargetId());
        metadata.put("action", event.action());
        metadata.put("repository", event.repository());
        metadata.put("repositoryId", event.repositoryId());
        metadata.put("workflowId", event.workflowId());
        metadata.put("workflowRunId", event.runId());
        metadata.put("runAttempt", event.runAttempt());
        metadata.put("runNumber", event.runNumber());
        metadata.put("headSha", event.sha());
        return metadata;
    }

    /** Best effort: when the log cannot be written (database down) the sender still gets the real refusal. */
    private void recordRejection(DeliveryHeaders headers, ProblemException refused) {
        try {
            record(headers, null, null, DeliveryOutcome.REJECTED, refused.getMessage(), refused.problem().status(), null);
        } catch (RuntimeException e) {
            LOG.warn("Could not log rejected delivery {}: {}", headers, e.toString());
        }
    }

    private void record(DeliveryHeaders headers, String action, String repository, DeliveryOutcome outcome,
            String reason, int httpStatus, UUID runId) {
        WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID(), SOURCE, config.tenant(),
                headers.deliveryId(), headers.event(), action, repository, headers.hookId(), outcome.wire(),
                abbreviate(reason), httpStatus, runId, null);
        deliveries.insert(delivery);
        metrics.webhookDelivery(outcome.wire());
    }

    private static String abbreviate(String reason) {
        // Made storable after the cut, which may split a surrogate pair.
        return StorableText.storable(reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON));
    }
}
