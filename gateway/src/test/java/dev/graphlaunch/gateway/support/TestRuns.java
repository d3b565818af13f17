package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.workflow.RunKind;
import dev.graphlaunch.contracts.workflow.TriggerSources;
import dev.graphlaunch.contracts.workflow.WorkflowIds;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.RunStatus;
import java.util.UUID;

/** Runs as a trigger would record them, for tests that start from a row in the ledger. */
public final class TestRuns {
    private TestRuns() {}

    /** An accepted API run of {@code builtin:echo}; nothing is written. */
    public static GraphRun accepted(String tenantId, String idempotencyKey) {
        return withWorkflowId(tenantId, idempotencyKey, WorkflowIds.forRun(tenantId, idempotencyKey));
    }

    public static GraphRun withWorkflowId(String tenantId, String idempotencyKey, String workflowId) {
        return new GraphRun(UUID.randomUUID(), tenantId, "builtin:echo", workflowId, idempotencyKey, "fingerprint",
                RunKind.USER_IMMEDIATE.wire(), TriggerSources.API, idempotencyKey, "app@" + tenantId + ".test",
                JsonNodeFactory.instance.objectNode(), "apikey:test", JsonNodeFactory.instance.objectNode().put("message", "hi"),
                RunStatus.ACCEPTED.wire(), 0, null, null, null, null, null, null, null, null);
    }

    /** A tenant id no other test uses, so tests sharing a database never see each other's runs. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
