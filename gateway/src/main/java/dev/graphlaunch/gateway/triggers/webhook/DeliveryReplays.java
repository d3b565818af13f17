package dev.graphlaunch.gateway.triggers.webhook;

import dev.graphlaunch.gateway.logging.LogContext;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.triggers.RunStarter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a logged delivery from its kept body: the body verified when it arrived and is kept
 * byte for byte, so it goes through {@link GitHubDeliveries}' path after verification under the
 * configuration in force now (filters, ignore rules, the semantic dedupe key). A replay is logged
 * as a delivery of its own that names the row it replays and the admin who asked.
 */
public class DeliveryReplays {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReplays.class);

    private final GitHubWebhookConfig config;
    private final GitHubDeliveries deliveries;
    private final WebhookDeliveryDao log;
    private final WebhookReplayDao replays;
    private final GraphRunDao runs;
    private final RunStarter starter;
    private final Clock clock;

    /** @param starter starts a rerun a replay asks for (the failure itself goes through the intake) */
    public DeliveryReplays(GitHubWebhookConfig config, GitHubDeliveries deliveries, WebhookDeliveryDao log,
            WebhookReplayDao replays, GraphRunDao runs, RunStarter starter, Clock clock) {
        this.config = config;
        this.deliveries = deliveries;
        this.log = log;
        this.replays = replays;
        this.runs = runs;
        this.starter = starter;
        this.clock = clock;
    }

    /**
     * @param logId the {@code id} of a row of the tenant's delivery log (a replay row stands for its original)
     * @param clientKey the admin's Idempotency-Key for a rerun, or null
     * @throws WebhookNotConfiguredException while the webhook has no secret: it would refuse the delivery too
     * @throws WebhookDeliveryNotFoundException for an unknown row or another tenant's
     * @throws DeliveryNotReplayableException for a rejected delivery, whose body was never kept
     * @throws DeliveryBodyGoneException when the body is past its retention
     */
    public ReplayAnswer replay(String tenantId, String admin, String logId, boolean rerun, String clientKey) {
        if (!config.enabled()) {
            throw new WebhookNotConfiguredException();
        }
        WebhookDelivery row = find(tenantId, logId);
        WebhookDelivery original = row.replayOf() == null ? row : find(tenantId, row.replayOf().toString());
        if (!tenantId.equals(config.tenant())) {
            throw new DeliveryNotReplayableException("The GitHub webhook now serves tenant '" + config.tenant()
                    + "', not '" + tenantId + "': a replay would start its run in another tenant.");
        }
        if (DeliveryOutcome.REJECTED.wire().equals(original.outcome())) {
            throw new DeliveryNotReplayableException("Delivery " + original.id() + " was rejected ("
                    + original.reason() + "), so its body was never kept: a body that failed verification or was"
                    + " refused is never stored. Ask GitHub to redeliver it from the hook's Recent Deliveries.");
        }
        KeptBody body = keptBody(original);
        LogContext.put(LogContext.TENANT_ID, tenantId);
        LogContext.put(LogContext.DELIVERY_ID, original.deliveryId());
        ReplayOrigin origin = new ReplayOrigin(original.id(), admin, rerun,
                ReplayOrigin.rerunKey(original.id(), clientKey), replays, runs, starter);
        GitHubDeliveries.Replayed replayed = deliveries.replay(body.deliveryHeaders(), body.body(), origin);
        String rerunOf = rerun ? rerunOf(replayed.answer()) : null;
        LOG.info("Delivery {} replayed by {}: {}{}", original.id(), admin, replayed.answer().outcome().wire(),
                rerunOf == null ? "" : " (rerun of " + rerunOf + ")");
        return ReplayAnswer.of(replayed, original.id().toString(), rerunOf);
    }

    /** Null when the replay found or made the failure's first run. */
    private String rerunOf(DeliveryAnswer answer) {
        return Optional.ofNullable(answer.runId()).map(UUID::fromString).flatMap(runs::findById)
                .map(GraphRun::rerunOf).map(UUID::toString).orElse(null);
    }

    private WebhookDelivery find(String tenantId, String logId) {
        UUID id;
        try {
            id = UUID.fromString(logId);
        } catch (IllegalArgumentException notAUuid) {
            throw new WebhookDeliveryNotFoundException(logId);
        }
        return log.find(tenantId, id).orElseThrow(() -> new WebhookDeliveryNotFoundException(logId));
    }

    /** Past the retention counts as gone even before the purge job has deleted it. */
    private KeptBody keptBody(WebhookDelivery original) {
        Duration keep = config.keepBodiesFor().toJavaDuration();
        Optional<KeptBody> body = replays.findBody(original.id())
                .filter(kept -> kept.receivedAt().isAfter(Instant.now(clock).minus(keep)));
        if (body.isPresent()) {
            return body.get();
        }
        if (!config.keepsBodies()) {
            throw new DeliveryBodyGoneException("This gateway keeps no delivery bodies (githubWebhook.keepBodiesFor"
                    + " is 0), so delivery " + original.id() + " cannot be replayed. Ask GitHub to redeliver it.");
        }
        throw new DeliveryBodyGoneException("The body of delivery " + original.id() + " (received "
                + original.receivedAt() + ") is no longer kept: bodies are kept for " + config.keepBodiesFor()
                + " (githubWebhook.keepBodiesFor). Ask GitHub to redeliver it from the hook's Recent Deliveries.");
    }
}
