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
    /** The gateway gave up starting the run's workflow (Temporal refused it, or it kept failing). */
    public static final String START_FAILED = "start_failed";

    private ErrorCodes() {}
}
