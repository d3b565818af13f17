package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import dev.graphlaunch.gateway.triggers.webhook.CiFailureDao.Batch;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The CI-failure intake's one transaction: a failure, the run that triages it and that run's
 * pending start commit together. Everything about one commit happens under one lock
 * ({@link CiFailureDao#lockCommit}), so two failures of a commit arriving at once cannot open two
 * batches, and two reports of one failure cannot both count.
 */
public interface CiFailureLedger {

    @CreateSqlObject
    CiFailureDao failures();

    @CreateSqlObject
    GraphRunDao runs();

    @CreateSqlObject
    RunStartOutboxDao outbox();

    /** What a run for the failure looks like; the intake knows the route's tenant, graph and provenance. */
    interface RunPlan {
        /** The collection window, or null for one run per failure. */
        Duration window();

        int maxFailures();

        /** @param followUpOf the batch this one follows, because that one had started; null for the first */
        NewGraphRun newRun(String idempotencyKey, UUID followUpOf);

        JsonNode workflowInput(NewGraphRun run);
    }

    @Transaction
    default Intake record(CiFailure failure, RunPlan plan) {
        CiFailureDao failures = failures();
        failures.lockCommit(failure.tenantId(), failure.repository(), failure.headSha());
        Optional<UUID> known = failures.runOf(failure);
        if (known.isPresent()) {
            return Intake.duplicate(run(known.get()));
        }
        // A failure triaged before ci_failures existed has only its run, under the semantic key.
        Optional<GraphRun> before = runs().findByKey(failure.tenantId(), failure.semanticKey());
        if (before.isPresent()) {
            return Intake.duplicate(before.get());
        }
        if (plan.window() == null) {
            return Intake.started(open(failure, plan, failure.semanticKey(), null, Duration.ZERO), null);
        }
        Optional<Batch> latest = failures.latestBatch(failure.tenantId(), failure.repository(), failure.headSha());
        if (latest.isPresent() && joins(failure, latest.get(), plan)) {
            return Intake.joined(run(latest.get().runId()), latest.get().failures() + 1);
        }
        int seq = latest.map(batch -> batch.seq() + 1).orElse(1);
        UUID followUpOf = latest.map(Batch::runId).orElse(null);
        GraphRun run = open(failure, plan, failure.batchKey(seq), followUpOf, plan.window());
        failures.insertBatch(run.id(), failure.tenantId(), failure.repository(), failure.headSha(), seq, followUpOf);
        return Intake.started(run, followUpOf);
    }

    /**
     * Adds the failure to the batch while its workflow cannot have read its input: the start is
     * locked unclaimed, so the relay cannot start it before this commits.
     */
    private boolean joins(CiFailure failure, Batch batch, RunPlan plan) {
        if (batch.failures() >= plan.maxFailures() || outbox().lockUnclaimed(batch.runId()).isEmpty()) {
            return false;
        }
        if (failures().appendToRun(batch.runId(), failure.inputEntry(), failure.deliveryEntry()) == 0) {
            return false;
        }
        failures().insert(failure, batch.runId());
        return true;
    }

    private GraphRun open(CiFailure failure, RunPlan plan, String key, UUID followUpOf, Duration delay) {
        NewGraphRun newRun = plan.newRun(key, followUpOf);
        GraphRun run = runs().insert(newRun).orElseThrow(() -> new IllegalStateException(
                "run key " + key + " is taken although its commit is locked and no failure names it"));
        if (delay.isZero()) {
            outbox().insert(run.id(), run.workflowId(), plan.workflowInput(newRun));
        } else {
            outbox().insertDelayed(run.id(), run.workflowId(), plan.workflowInput(newRun), delay.toMillis() / 1000.0);
        }
        failures().insert(failure, run.id());
        return run;
    }

    private GraphRun run(UUID runId) {
        return runs().findById(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " vanished"));
    }
}
