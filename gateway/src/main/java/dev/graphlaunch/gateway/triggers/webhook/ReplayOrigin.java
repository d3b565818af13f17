package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.StartedRun;
import java.util.UUID;

/**
 * An admin's replay of a kept delivery, taken in by {@link CiFailureIntake} like a live one (found by
 * {@code replay}). The run that lists the failure (or that it opens or joins) is
 * the answer, exactly as for a redelivery, so replaying twice is still one run per failure. Only
 * with {@code rerun} does a failure that already has its run get another one, under a key of its
 * own, linked to the first by {@code rerun_of} as {@code POST /runs/{id}/rerun} links it.
 *
 * @param replayOf the log row of the delivery as it arrived
 * @param requestedBy the admin's principal: a run this replay makes is theirs
 * @param rerunKey the idempotency key of the rerun: derived from the admin's Idempotency-Key, or unique
 */
record ReplayOrigin(UUID replayOf, String requestedBy, boolean rerun, String rerunKey, WebhookReplayDao replays,
        GraphRunDao runs, RunStarter starter) implements DeliveryOrigin {

    static final String RERUN_KEY_PREFIX = "webhook:github:rerun:";

    /**
     * Repository names always hold a slash ({@code owner/name}, RepositoryPattern), so this key can
     * never equal a semantic key {@code webhook:github:{repository}:…}.
     *
     * @param clientKey the admin's Idempotency-Key, or null for a rerun of its own each time
     */
    static String rerunKey(UUID replayOf, String clientKey) {
        return RERUN_KEY_PREFIX + replayOf + ":" + (clientKey == null ? UUID.randomUUID() : "client:" + clientKey);
    }

    @Override
    public Intake take(CiFailureIntake intake, WorkflowRunEvent event, FailureReport live) {
        Intake first = intake.intake(event, withProvenance(live, null));
        if (!rerun || first.outcome() != Intake.Outcome.DUPLICATE) {
            return first;
        }
        StartedRun again = starter.start(intake.soloRun(event, withProvenance(live, first.run().id()), rerunKey));
        // Not in the start's transaction (RunStarter owns it); a retry with the same key completes the link.
        replays.markRerunOf(again.run().id(), first.run().id());
        GraphRun rerunRun = runs.findById(again.run().id()).orElseThrow();
        return again.replayed() ? Intake.duplicate(rerunRun) : Intake.started(rerunRun, null);
    }

    /** The admin asked for this run; the metadata keeps who GitHub said caused the failure. */
    private FailureReport withProvenance(FailureReport live, UUID rerunOf) {
        ObjectNode metadata = live.metadata() == null ? JsonNodeFactory.instance.objectNode() : live.metadata().deepCopy();
        metadata.put("replayOf", replayOf.toString());
        metadata.put("replayRequestedBy", requestedBy);
        metadata.put("originalRequestedBy", live.requestedBy());
        if (rerunOf != null) {
            metadata.put("rerunOf", rerunOf.toString());
        }
        return new FailureReport(FoundBy.REPLAY, live.ref(), metadata, requestedBy);
    }
}
