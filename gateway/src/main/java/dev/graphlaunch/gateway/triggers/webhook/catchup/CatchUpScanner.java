package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.triggers.webhook.CiFailureIntake;
import dev.graphlaunch.gateway.triggers.webhook.DeliveryFilter;
import dev.graphlaunch.gateway.triggers.webhook.FailureReport;
import dev.graphlaunch.gateway.triggers.webhook.FoundBy;
import dev.graphlaunch.gateway.triggers.webhook.Intake;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import dev.graphlaunch.gateway.triggers.webhook.WorkflowRunEvent;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpDao.KnownFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of one repository: list its failing runs of the lookback, one listing per configured
 * conclusion, read each exactly as a delivery of it would be read, and report every failure
 * {@code ci_failures} does not know yet to the {@link CiFailureIntake} deliveries and replays go
 * through. Its row per failure (tenant, repository, workflow run, attempt) makes a failure found by
 * both a delivery and a scan one failure, whichever comes first; with debounce on, a failure a scan
 * finds joins its commit's run like a delivery would.
 */
public class CatchUpScanner {
    public static final String REQUESTED_BY = "github-catch-up";
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpScanner.class);

    private final GitHubWebhookConfig config;
    private final GitHubActionsApi github;
    private final DeliveryFilter filter;
    private final CiFailureIntake intake;
    private final CatchUpDao dao;
    private final Clock clock;

    public CatchUpScanner(GitHubWebhookConfig config, GitHubActionsApi github, DeliveryFilter filter,
            CiFailureIntake intake, CatchUpDao dao, Clock clock) {
        this.config = config;
        this.github = github;
        this.filter = filter;
        this.intake = intake;
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
        Set<KnownFailure> known = known(failures.values());
        int started = 0;
        int joined = 0;
        int duplicates = 0;
        for (WorkflowRunEvent failure : failures.values()) {
            if (known.contains(new KnownFailure(failure.repository(), failure.runId(), failure.runAttempt()))) {
                continue;
            }
            Intake taken = intake.intake(failure, report(failure));
            switch (taken.outcome()) {
                case STARTED -> {
                    started++;
                    LOG.info("Catch-up opened run {} for {} workflow run {} attempt {} ({}), which no delivery brought",
                            taken.run().id(), failure.repository(), failure.runId(), failure.runAttempt(),
                            failure.conclusion());
                }
                case JOINED -> {
                    joined++;
                    LOG.info("Catch-up added {} workflow run {} attempt {} ({}), which no delivery brought, to run {}",
                            failure.repository(), failure.runId(), failure.runAttempt(), failure.conclusion(),
                            taken.run().id());
                }
                case DUPLICATE -> duplicates++;
                default -> throw new IllegalStateException("unknown intake outcome " + taken.outcome());
            }
        }
        int listed = failures.size() + ignored;
        return new ScanReport(repository, ScanReport.Outcome.SCANNED, listed, ignored,
                failures.size() - started - joined - duplicates, started, joined, duplicates, null);
    }

    /** The failures {@code ci_failures} knows: one query for the whole listing. */
    private Set<KnownFailure> known(Collection<WorkflowRunEvent> failures) {
        if (failures.isEmpty()) {
            return Set.of();
        }
        return dao.knownFailures(config.tenant(),
                failures.stream().map(WorkflowRunEvent::repository).distinct().toArray(String[]::new),
                failures.stream().map(failure -> Long.toString(failure.runId())).distinct().toArray(String[]::new));
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

    /**
     * Provenance: found by catch-up, requested by the catch-up itself; the run's page on GitHub is
     * what a person follows. The intake adds the failure's identifiers to the metadata.
     */
    private static FailureReport report(WorkflowRunEvent failure) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("htmlUrl", failure.htmlUrl());
        String ref = failure.htmlUrl() != null ? failure.htmlUrl() : failure.repository() + "/actions/runs/" + failure.runId();
        return new FailureReport(FoundBy.CATCH_UP, ref, metadata, REQUESTED_BY);
    }
}
