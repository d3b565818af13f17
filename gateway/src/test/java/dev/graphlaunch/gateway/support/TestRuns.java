package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.workflow.RunKind;
import dev.graphlaunch.contracts.workflow.TriggerSources;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** Ledger rows of API runs of {@code builtin:echo}, for tests that start from a recorded run. Nothing is written. */
public final class TestRuns {
    private TestRuns() {}

    /** As a trigger records a run, before the database gives it a creation time. */
    public static GraphRun accepted(String tenantId, String idempotencyKey) {
        return withWorkflowId(tenantId, idempotencyKey, WorkflowIds.forRun(tenantId, idempotencyKey));
    }

    public static GraphRun withWorkflowId(String tenantId, String idempotencyKey, String workflowId) {
        return row(tenantId, idempotencyKey, workflowId, RunStatus.ACCEPTED, null);
    }

    /** As a DAO reads a run back: with a status and a creation time. */
    public static GraphRun readBack(String tenantId, RunStatus status, Instant createdAt) {
        String key = "k-" + UUID.randomUUID();
        return row(tenantId, key, WorkflowIds.forRun(tenantId, key), status, createdAt);
    }

    /** A tenant id no other test uses, so tests sharing a database never see each other's runs. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static GraphRun row(String tenantId, String key, String workflowId, RunStatus status, Instant createdAt) {
        return new GraphRun(UUID.randomUUID(), tenantId, "builtin:echo", workflowId, key, "fingerprint",
                RunKind.USER_IMMEDIATE.wire(), TriggerSources.API, key, "app@" + tenantId + ".test",
                JsonNodeFactory.instance.objectNode(), "apikey:test",
                JsonNodeFactory.instance.objectNode().put("message", "hi"), status.wire(), 0, null, null, null, null,
                null, createdAt, null, null);
    }
}
