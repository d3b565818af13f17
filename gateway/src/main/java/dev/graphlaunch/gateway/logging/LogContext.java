package dev.graphlaunch.gateway.logging;

import java.util.List;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The MDC keys every log line about one run or delivery carries, so a log pipeline can follow a
 * run across the gateway and the worker (which uses the same names). Set while a request or a
 * relay start is handled; {@link #clear()} runs when it ends, so a pooled thread never carries
 * one run's keys into the next.
 */
public final class LogContext {
    public static final String RUN_ID = "runId";
    public static final String WORKFLOW_ID = "workflowId";
    public static final String TENANT_ID = "tenantId";
    public static final String DELIVERY_ID = "deliveryId";
    private static final List<String> KEYS = List.of(RUN_ID, WORKFLOW_ID, TENANT_ID, DELIVERY_ID);

    private LogContext() {}

    public static void forRun(UUID runId, String workflowId, String tenantId) {
        put(RUN_ID, runId == null ? null : runId.toString());
        put(WORKFLOW_ID, workflowId);
        put(TENANT_ID, tenantId);
    }

    /** A null or blank value leaves the key as it was. */
    public static void put(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    public static void clear() {
        KEYS.forEach(MDC::remove);
    }
}
