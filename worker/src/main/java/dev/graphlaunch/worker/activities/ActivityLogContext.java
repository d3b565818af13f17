package dev.graphlaunch.worker.activities;

import dev.graphlaunch.contracts.workflow.WorkflowIds;
import io.temporal.activity.Activity;
import java.util.List;
import org.slf4j.MDC;

/**
 * The same MDC keys the gateway uses ({@code runId}, {@code workflowId}, {@code tenantId}), for
 * the lines an activity logs. The SDK adds its own ({@code WorkflowId}, {@code ActivityType} …);
 * ours match the gateway's so one query finds a run's lines in both processes.
 */
final class ActivityLogContext implements AutoCloseable {
    static final String RUN_ID = "runId";
    static final String WORKFLOW_ID = "workflowId";
    static final String TENANT_ID = "tenantId";
    private static final List<String> KEYS = List.of(RUN_ID, WORKFLOW_ID, TENANT_ID);

    private ActivityLogContext() {}

    /** @param tenantId null: read from the workflow id, which names it */
    static ActivityLogContext open(String runId, String tenantId) {
        String workflowId = currentWorkflowId();
        put(WORKFLOW_ID, workflowId);
        put(TENANT_ID, tenantId != null ? tenantId : WorkflowIds.tenantOf(workflowId));
        put(RUN_ID, runId);
        return new ActivityLogContext();
    }

    static void put(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    private static String currentWorkflowId() {
        try {
            return Activity.getExecutionContext().getInfo().getWorkflowId();
        } catch (IllegalStateException notInAnActivity) {
            return null; // called directly, as unit tests do
        }
    }

    @Override
    public void close() {
        KEYS.forEach(MDC::remove);
    }
}
