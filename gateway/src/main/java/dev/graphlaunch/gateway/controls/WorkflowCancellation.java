package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.gateway.errors.Causes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Set;

/** Asks Temporal to cancel a run's workflow; the workflow itself then ends the run `cancelled`. */
public class WorkflowCancellation {
    private static final Set<Status.Code> UNAVAILABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final WorkflowClient client;

    public WorkflowCancellation(WorkflowClient client) {
        this.client = client;
    }

    /**
     * Safe to repeat: Temporal keeps one cancel request per execution.
     *
     * @return false when the workflow is already closed (its ending is recorded, or on its way)
     * @throws WorkflowsUnavailableException when Temporal cannot be reached
     */
    public boolean request(String workflowId) {
        try {
            client.newUntypedWorkflowStub(workflowId).cancel();
            return true;
        } catch (WorkflowNotFoundException closed) {
            return false;
        } catch (RuntimeException e) {
            if (Causes.find(e, StatusRuntimeException.class,
                    status -> UNAVAILABLE.contains(status.getStatus().getCode())).isPresent()) {
                throw new WorkflowsUnavailableException();
            }
            throw e;
        }
    }
}
