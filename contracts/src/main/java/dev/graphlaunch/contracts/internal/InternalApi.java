package dev.graphlaunch.contracts.internal;

/** Paths and header of the gateway's internal API, whose only client is the worker. */
public final class InternalApi {
    public static final String SERVICE_TOKEN_HEADER = "X-Service-Token";
    public static final String RUNS = "/api/internal/runs";
    public static final String GRAPHS = "/api/internal/graphs";

    private InternalApi() {}

    /**
     * PUT: create the run record for this workflow if it does not exist, and mark it running. The
     * id goes in the query, not the path: ids may hold '/' (a webhook's {@code owner/repo}), and
     * Jetty 12 refuses a percent-encoded slash inside a path segment with 400.
     */
    public static String runByWorkflow(String workflowId) {
        return RUNS + "/by-workflow?workflowId=" + PathSegments.encode(workflowId);
    }

    /** POST: {@link #runByWorkflow} and the grant check in one call (the lean workflow's first step). */
    public static String begin(String workflowId) {
        return RUNS + "/begin?workflowId=" + PathSegments.encode(workflowId);
    }

    public static String grantCheck(String runId) {
        return RUNS + "/" + runId + "/grant-check";
    }

    public static String finish(String runId) {
        return RUNS + "/" + runId + "/finish";
    }

    public static String executeAttempt(String graphId) {
        return GRAPHS + "/" + PathSegments.encode(graphId) + "/runs";
    }
}
