package dev.graphlaunch.contracts.workflow;

/**
 * The identity scheme (docs/architecture.md, "Identity and dedupe"): one workflow id per (tenant,
 * idempotency key), so the same trigger delivered twice can only ever address one workflow execution.
 */
public final class WorkflowIds {
    private static final String PREFIX = "graph-run:";

    private WorkflowIds() {}

    public static String forRun(String tenantId, String idempotencyKey) {
        return PREFIX + tenantId + ":" + idempotencyKey;
    }

    /** The tenant a workflow id names, for logs; null when the id is not one of ours. */
    public static String tenantOf(String workflowId) {
        if (workflowId == null || !workflowId.startsWith(PREFIX)) {
            return null;
        }
        int end = workflowId.indexOf(':', PREFIX.length());
        return end <= PREFIX.length() ? null : workflowId.substring(PREFIX.length(), end);
    }

    /** Temporal appends the scheduled time to this id for every action it takes. */
    public static String forSchedule(String tenantId, String scheduleId) {
        return forRun(tenantId, "schedule:" + scheduleId);
    }
}
