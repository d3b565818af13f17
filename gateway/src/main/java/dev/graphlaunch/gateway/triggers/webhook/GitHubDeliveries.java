package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.validation.StorableText;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a GitHub delivery becomes a run, or is ignored or refused. The order matters: nothing in a
 * delivery is read (beyond its headers) until its raw bytes verify against a configured secret.
 * Every delivery, refused ones included, leaves one row in {@code webhook_deliveries}; the raw
 * body of a verified one is kept beside it for {@code keepBodiesFor}, so an admin can replay it
 * through the path a live delivery takes after its signature check (see {@link DeliveryReplays}).
 */
public class GitHubDeliveries {
    private final GatewayMetrics metrics;
    public static final String GRANT_REF = "webhook:github";
    static final String SOURCE = "github";
    private static final int MAX_REASON = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(GitHubDeliveries.class);

    private final GitHubWebhookConfig config;
    private final SignatureVerifier verifier;
    private final DeliveryFilter filter;
    private final CiFailureIntake intake;
    private final WebhookDeliveryDao deliveries;
    private final WebhookReplayDao replays;
    private final ObjectMapper mapper;

    public GitHubDeliveries(GitHubWebhookConfig config, DeliveryFilter filter, CiFailureIntake intake,
            WebhookDeliveryDao deliveries, WebhookReplayDao replays, ObjectMapper mapper, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.verifier = new SignatureVerifier(config.secrets());
        this.filter = filter;
        this.intake = intake;
        this.deliveries = deliveries;
        this.replays = replays;
        this.mapper = mapper;
    }

    /** @throws ProblemException for a refused delivery, after it was logged as rejected */
    public DeliveryAnswer receive(DeliveryHeaders headers, InputStream body) {
        LogContext.put(LogContext.TENANT_ID, config.tenant());
        DeliveryAnswer answer;
        byte[] verified;
        try {
            verified = verify(headers, body);
            answer = afterVerification(headers, verified, DeliveryOrigin.LIVE);
        } catch (ProblemException refused) {
            recordRejection(headers, refused, DeliveryOrigin.LIVE);
            throw refused;
        }
        record(headers, answer, DeliveryOrigin.LIVE, verified);
        return answer;
    }

    /**
     * A kept delivery processed again as if it had just verified, and logged as a replay.
     *
     * @return the answer and the id of the replay's own log row
     * @throws ProblemException when it is refused now, after it was logged as a rejected replay
     */
    Replayed replay(DeliveryHeaders headers, byte[] verified, DeliveryOrigin origin) {
        DeliveryAnswer answer;
        try {
            answer = afterVerification(headers, verified, origin);
        } catch (ProblemException refused) {
            recordRejection(headers, refused, origin);
            throw refused;
        }
        return new Replayed(answer, record(headers, answer, origin, null));
    }

    record Replayed(DeliveryAnswer answer, UUID logId) {}

    private byte[] verify(DeliveryHeaders headers, InputStream body) {
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
        return raw;
    }

    /** Everything after the signature check: the same for a live delivery and a replayed one. */
    private DeliveryAnswer afterVerification(DeliveryHeaders headers, byte[] raw, DeliveryOrigin origin) {
        headers.requireEventAndDelivery();
        JsonNode payload = DeliveryBody.parse(raw, headers, mapper);
        // Verified, yet text that PostgreSQL cannot store is replaced, not refused (see WorkflowRunEvent).
        String action = payload.path("action").isTextual() ? StorableText.storable(payload.path("action").asText()) : null;
        String repository = StorableText.storable(payload.path("repository").path("full_name").asText(null));
        return switch (headers.event()) {
            case "ping" -> DeliveryAnswer.pong(headers.deliveryId(), repository,
                    "ping received: hook " + payload.path("hook_id").asText("?") + " reaches this gateway");
            case "workflow_run" -> workflowRun(headers, WorkflowRunEvent.from(payload), origin);
            default -> DeliveryAnswer.ignored(headers.deliveryId(), action, repository,
                    "event '" + headers.event() + "' is not handled; subscribe the hook to 'Workflow runs' only");
        };
    }

    private DeliveryAnswer workflowRun(DeliveryHeaders headers, WorkflowRunEvent event, DeliveryOrigin origin) {
        Optional<String> ignored = filter.whyIgnored(event);
        if (ignored.isPresent()) {
            return DeliveryAnswer.ignored(headers.deliveryId(), event.action(), event.repository(), ignored.get());
        }
        event.requireStartable();
        FailureReport report = new FailureReport(FoundBy.DELIVERY, headers.deliveryId(), metadata(headers),
                config.requestedByPrefix() + event.sender());
        return DeliveryAnswer.of(headers.deliveryId(), event, origin.take(intake, event, report));
    }

    /** The delivery's headers; the intake adds the identifiers that find the failure again on GitHub. */
    static ObjectNode metadata(DeliveryHeaders headers) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("event", headers.event());
        metadata.put("deliveryId", headers.deliveryId());
        metadata.put("hookId", headers.hookId());
        metadata.put("installationTargetType", headers.installationTargetType());
        metadata.put("installationTargetId", headers.installationTargetId());
        return metadata;
    }

    /** Best effort: when the log cannot be written (database down) the sender still gets the real refusal. */
    private void recordRejection(DeliveryHeaders headers, ProblemException refused, DeliveryOrigin origin) {
        try {
            // Never a body: a refused delivery's bytes are not kept, verified or not.
            record(headers, null, null, DeliveryOutcome.REJECTED, refused.getMessage(), refused.problem().status(),
                    null, origin, null);
        } catch (RuntimeException e) {
            LOG.warn("Could not log rejected delivery {}: {}", headers, e.toString());
        }
    }

    /** @param verified the raw body, to keep when the origin keeps bodies and the configuration says so */
    private UUID record(DeliveryHeaders headers, DeliveryAnswer answer, DeliveryOrigin origin, byte[] verified) {
        return record(headers, answer.action(), answer.repository(), answer.outcome(), answer.reason(),
                answer.httpStatus(), answer.runId() == null ? null : UUID.fromString(answer.runId()), origin,
                origin.keepsBody() && config.keepsBodies() ? verified : null);
    }

    private UUID record(DeliveryHeaders headers, String action, String repository, DeliveryOutcome outcome,
            String reason, int httpStatus, UUID runId, DeliveryOrigin origin, byte[] keptBody) {
        WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID(), SOURCE, config.tenant(),
                headers.deliveryId(), headers.event(), action, repository, headers.hookId(), outcome.wire(),
                abbreviate(reason), httpStatus, runId, null, origin.replayOf(), origin.requestedBy(), false);
        if (keptBody == null) {
            deliveries.insert(delivery);
        } else {
            replays.insertKept(delivery, KeptBody.headersOf(headers), keptBody);
        }
        metrics.webhookDelivery(outcome.wire());
        return delivery.id();
    }

    private static String abbreviate(String reason) {
        // Made storable after the cut, which may split a surrogate pair.
        return StorableText.storable(reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON));
    }
}
