package dev.graphlaunch.gateway.execution;

/** The one set of error codes a failed run can carry (docs/errors.md lists them). */
public final class ErrorCodes {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String NOT_FOUND = "not_found";
    public static final String TIMEOUT = "timeout";
    public static final String RATE_LIMIT = "rate_limit";
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    public static final String INSUFFICIENT_CREDITS = "insufficient_credits";
    /** The provider refused the gateway's own credentials (401/403): an operator must fix the config. */
    public static final String PROVIDER_AUTH = "provider_auth";
    public static final String GRANT_REVOKED = "grant_revoked";
    public static final String INTERNAL = "internal";
    /** The run's workflow ended in Temporal without reporting back; found by the reconciler. */
    public static final String WORKFLOW_TERMINATED = "workflow_terminated";
    public static final String WORKFLOW_TIMED_OUT = "workflow_timed_out";
    public static final String WORKFLOW_FAILED = "workflow_failed";
    public static final String WORKFLOW_CANCELLED = "workflow_cancelled";
    public static final String WORKFLOW_COMPLETED_WITHOUT_RESULT = "workflow_completed_without_result";
    public static final String WORKFLOW_NOT_FOUND = "workflow_not_found";

    private ErrorCodes() {}
}
