package dev.graphlaunch.gateway.reconcile;

import dev.graphlaunch.contracts.workflow.GraphRunWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link WorkflowDirectory} over Temporal's visibility list and describe calls. */
public class TemporalWorkflowDirectory implements WorkflowDirectory {
    private static final int PAGE = 500;

    private final WorkflowServiceStubs stubs;
    private final String namespace;

    public TemporalWorkflowDirectory(WorkflowServiceStubs stubs, String namespace) {
        this.stubs = stubs;
        this.namespace = namespace;
    }

    @Override
    public List<ClosedWorkflow> closedSince(Instant since, int max) {
        String query = "WorkflowType = '" + GraphRunWorkflow.TYPE + "' AND ExecutionStatus != 'Running'"
                + " AND CloseTime > '" + since.truncatedTo(ChronoUnit.MILLIS) + "'";
        List<ClosedWorkflow> closed = new ArrayList<>();
        ByteString page = ByteString.EMPTY;
        do {
            ListWorkflowExecutionsResponse response = stubs.blockingStub().listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setQuery(query)
                            .setPageSize(PAGE).setNextPageToken(page).build());
            for (WorkflowExecutionInfo info : response.getExecutionsList()) {
                closed.add(new ClosedWorkflow(info.getExecution().getWorkflowId(),
                        Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos())));
            }
            page = response.getNextPageToken();
        } while (!page.isEmpty() && closed.size() < max);
        return closed;
    }

    @Override
    public Optional<WorkflowEnding> describe(String workflowId) {
        try {
            WorkflowExecutionInfo info = stubs.blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
                    .getWorkflowExecutionInfo();
            return WorkflowEnding.of(info.getStatus());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.of(WorkflowEnding.NOT_FOUND);
            }
            throw e;
        }
    }
}
