package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.NewGraphRun;
import java.time.Instant;
import java.util.UUID;

/** Ledger rows of API runs of {@code builtin:echo}, for tests that start from a recorded run. Nothing is written. */
public final class TestRuns {
    private TestRuns() {}

    /** As a trigger records a run: what it knows before the database gives it a status and a creation time. */
    public static NewGraphRun accepted(String tenantId, String idempotencyKey) {
        return withWorkflowId(tenantId, idempotencyKey, WorkflowIds.forRun(tenantId, idempotencyKey));
    }

    public static NewGraphRun withWorkflowId(String tenantId, String idempotencyKey, String workflowId) {
        return new NewGraphRun(UUID.randomUUID(), tenantId, "builtin:echo", workflowId, idempotencyKey, "fingerprint",
                RunKind.USER_IMMEDIATE, TriggerSource.API, idempotencyKey, "app@" + tenantId + ".test",
                JsonNodeFactory.instance.objectNode(), "apikey:test",
                JsonNodeFactory.instance.objectNode().put("message", "hi"));
    }

    /** As a DAO reads a run back: with a status and a creation time. */
    public static GraphRun readBack(String tenantId, RunStatus status, Instant createdAt) {
        String key = "k-" + UUID.randomUUID();
        NewGraphRun run = accepted(tenantId, key);
        return new GraphRun(run.id(), run.tenantId(), run.graphId(), run.workflowId(), run.idempotencyKey(),
                run.requestFingerprint(), run.runKind(), run.triggerSource(), run.triggerRef(), run.requestedBy(),
                run.triggerMetadata(), run.grantRef(), run.input(), status, 0, null, null, null, null, null,
                createdAt, null, null);
    }

    /** A tenant id no other test uses, so tests sharing a database never see each other's runs. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
