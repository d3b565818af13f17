package dev.graphlaunch.gateway.reconcile;

import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Optional;

/** How a run ends when Temporal, not the workflow, tells the gateway its workflow is over. */
public enum WorkflowEnding {
    TERMINATED(RunStatus.FAILED, ErrorCode.WORKFLOW_TERMINATED, "was terminated in Temporal"),
    TIMED_OUT(RunStatus.FAILED, ErrorCode.WORKFLOW_TIMED_OUT, "timed out in Temporal"),
    FAILED(RunStatus.FAILED, ErrorCode.WORKFLOW_FAILED, "failed in Temporal"),
    CANCELLED(RunStatus.CANCELLED, ErrorCode.WORKFLOW_CANCELLED, "was cancelled in Temporal"),
    COMPLETED_WITHOUT_RESULT(RunStatus.FAILED, ErrorCode.WORKFLOW_COMPLETED_WITHOUT_RESULT,
            "closed in Temporal without reporting a result"),
    NOT_FOUND(RunStatus.FAILED, ErrorCode.WORKFLOW_NOT_FOUND, "does not exist in Temporal");

    private final RunStatus status;
    private final ErrorCode errorCode;
    private final String what;

    WorkflowEnding(RunStatus status, ErrorCode errorCode, String what) {
        this.status = status;
        this.errorCode = errorCode;
        this.what = what;
    }

    public RunStatus status() {
        return status;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String message(String workflowId) {
        return "Workflow " + workflowId + " " + what + " before the run reported an ending.";
    }

    /** The ending as the ledger takes it: the same finish a workflow reports, so whoever comes second changes nothing. */
    public FinishRun finish(String workflowId) {
        return new FinishRun(status, null, errorCode.wire(), message(workflowId));
    }

    /** Empty while the workflow is still running: nothing to reconcile. */
    public static Optional<WorkflowEnding> of(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_TERMINATED -> Optional.of(TERMINATED);
            case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> Optional.of(TIMED_OUT);
            case WORKFLOW_EXECUTION_STATUS_FAILED -> Optional.of(FAILED);
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> Optional.of(CANCELLED);
            // Continued-as-new is only ever seen on an older execution; describe names the newest.
            case WORKFLOW_EXECUTION_STATUS_COMPLETED, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW ->
                    Optional.of(COMPLETED_WITHOUT_RESULT);
            default -> Optional.empty();
        };
    }
}
