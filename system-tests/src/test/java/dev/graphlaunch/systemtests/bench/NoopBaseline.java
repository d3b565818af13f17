package dev.graphlaunch.systemtests.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The end-to-end baseline: the least a Temporal run can be (one workflow task, one no-op activity,
 * one closing workflow task), so the gateway's run is compared with Temporal's own floor.
 */
public final class NoopBaseline {
    private NoopBaseline() {}

    @WorkflowInterface
    public interface NoopWorkflow {
        @WorkflowMethod
        void run();
    }

    @ActivityInterface
    public interface NoopActivity {
        void noop();
    }

    public static final class NoopWorkflowImpl implements NoopWorkflow {
        private final NoopActivity activity = Workflow.newActivityStub(NoopActivity.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

        @Override
        public void run() {
            activity.noop();
        }
    }

    public static final class NoopActivityImpl implements NoopActivity {
        @Override
        public void noop() {}
    }
}
