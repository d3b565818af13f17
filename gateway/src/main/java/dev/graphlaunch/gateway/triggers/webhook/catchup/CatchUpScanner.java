package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.triggers.StartedRun;
import dev.graphlaunch.gateway.triggers.webhook.DeliveryFilter;
import dev.graphlaunch.gateway.triggers.webhook.FailureTrigger;
import dev.graphlaunch.gateway.triggers.webhook.FoundBy;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import dev.graphlaunch.gateway.triggers.webhook.WorkflowRunEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of one repository: list its failing runs of the lookback, one listing per configured
 * conclusion, read each exactly as a delivery of it would be read, and hand every failure that has
 * no run yet to the same {@link FailureTrigger} a delivery goes through. The semantic key makes a
 * failure found by both a delivery and a scan one run, whichever comes first.
 */
public class CatchUpScanner {
    public static final String REQUESTED_BY = "github-catch-up";
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpScanner.class);

    private final GitHubWebhookConfig config;
    private final GitHubActionsApi github;
    private final DeliveryFilter filter;
    private final FailureTrigger trigger;
    private final CatchUpDao dao;
    private final Clock clock;

    public CatchUpScanner(GitHubWebhookConfig config, GitHubActionsApi github, DeliveryFilter filter,
            FailureTrigger trigger, CatchUpDao dao, Clock clock) {
        this.config = config;
        this.github = github;
        this.filter = filter;
        this.trigger = trigger;
        this.dao = dao;
        this.clock = clock;
    }

    /** @throws GitHubApiException when a listing fails: nothing is triggered from a partial listing */
    public ScanReport scan(String repository) throws InterruptedException {
        Instant since = clock.instant().minus(config.catchUp().lookback().toJavaDuration());
        Map<String, WorkflowRunEvent> failures = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int ignored = 0;
        // Sorted, so every scan lists in the same order; a run listed twice (pages shifting) counts once.
        for (String conclusion : config.conclusions().stream().sorted().toList()) {
            for (JsonNode run : github.listRuns(repository, conclusion, since)) {
                WorkflowRunEvent failure = WorkflowRunEvent.from(asDelivery(run));
                if (!seen.add(failure.idempotencyKey())) {
                    continue;
                }
                if (filter.whyIgnored(failure).isPresent() || !startable(failure)) {
                    ignored++;
                    continue;
                }
                failures.put(failure.idempotencyKey(), failure);
            }
        }
        Set<String> known = failures.isEmpty() ? Set.of()
                : dao.existingKeys(config.tenant(), failures.keySet().toArray(String[]::new));
        int started = 0;
        int duplicates = 0;
        for (WorkflowRunEvent failure : failures.values()) {
            if (known.contains(failure.idempotencyKey())) {
                continue;
            }
            StartedRun run = trigger.trigger(failure, foundBy(failure));
            if (run.replayed()) {
                duplicates++;
            } else {
                started++;
                LOG.info("Catch-up started run {} for {} workflow run {} attempt {} ({}), which no delivery brought",
                        run.run().id(), failure.repository(), failure.runId(), failure.runAttempt(), failure.conclusion());
            }
        }
        int listed = failures.size() + ignored;
        return new ScanReport(repository, ScanReport.Outcome.SCANNED, listed, ignored,
                failures.size() - started - duplicates, started, duplicates, null);
    }

    /**
     * A listed run in the shape of a {@code workflow_run} delivery, so it is read by the very code
     * that reads deliveries: same fields, same key, same input. A listed run has no sender: the
     * account that caused it ({@code triggering_actor}, else {@code actor}) stands in.
     */
    static ObjectNode asDelivery(JsonNode run) {
        ObjectNode delivery = JsonNodeFactory.instance.objectNode();
        // Listed by conclusion, so completed; a run GitHub lists otherwise is filtered out like a delivery.
        delivery.set("action", run.path("status"));
        delivery.set("workflow_run", run);
        delivery.set("repository", run.path("repository"));
        delivery.set("sender", run.path("triggering_actor").isObject() ? run.path("triggering_actor") : run.path("actor"));
        return delivery;
    }

    private static boolean startable(WorkflowRunEvent failure) {
        try {
            failure.requireStartable();
            return true;
        } catch (InvalidRequestException malformed) {
            LOG.warn("Catch-up: a listed run of {} cannot start a run: {}", failure.repository(), malformed.getMessage());
            return false;
        }
    }

    /** Provenance: found by catch-up; the run's page on GitHub is what a person follows. */
    private static FoundBy foundBy(WorkflowRunEvent failure) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("foundBy", "catch_up");
        metadata.put("action", failure.action());
        metadata.put("repository", failure.repository());
        metadata.put("repositoryId", failure.repositoryId());
        metadata.put("workflowId", failure.workflowId());
        metadata.put("workflowRunId", failure.runId());
        metadata.put("runAttempt", failure.runAttempt());
        metadata.put("runNumber", failure.runNumber());
        metadata.put("headSha", failure.sha());
        metadata.put("htmlUrl", failure.htmlUrl());
        String ref = failure.htmlUrl() != null ? failure.htmlUrl() : failure.repository() + "/actions/runs/" + failure.runId();
        return new FoundBy(TriggerSource.GITHUB_CATCH_UP, ref, REQUESTED_BY, metadata);
    }
}
