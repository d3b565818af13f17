package dev.graphlaunch.contracts.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The one set of error codes a failed or skipped run can carry, whoever sets it: the gateway's
 * executor (providers, router, attempt runner) or the worker (docs/errors.md, "Run error codes").
 */
public enum ErrorCode implements WireValue {
    INVALID_REQUEST("invalid_request"),
    NOT_FOUND("not_found"),
    TIMEOUT("timeout"),
    RATE_LIMIT("rate_limit"),
    PROVIDER_UNAVAILABLE("provider_unavailable"),
    INSUFFICIENT_CREDITS("insufficient_credits"),
    /** The provider refused the gateway's own credentials (401/403): an operator must fix the config. */
    PROVIDER_AUTH("provider_auth"),
    /** The run's grant no longer holds; the run ends {@code skipped}. */
    GRANT_REVOKED("grant_revoked"),
    /** An operator cancelled the run (POST /api/v1/runs/{id}/cancel, or in Temporal directly); it ends {@code cancelled}. */
    CANCELLED("cancelled"),
    INTERNAL("internal"),
    // The run's workflow ended in Temporal without reporting back; set by the gateway's reconciler.
    WORKFLOW_TERMINATED("workflow_terminated"),
    WORKFLOW_TIMED_OUT("workflow_timed_out"),
    WORKFLOW_FAILED("workflow_failed"),
    WORKFLOW_CANCELLED("workflow_cancelled"),
    WORKFLOW_COMPLETED_WITHOUT_RESULT("workflow_completed_without_result"),
    WORKFLOW_NOT_FOUND("workflow_not_found"),
    /** The gateway gave up starting the run's workflow (Temporal refused it, or it kept failing). */
    START_FAILED("start_failed");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ErrorCode fromWire(String value) {
        return WireValue.parse(ErrorCode.class, value);
    }
}
