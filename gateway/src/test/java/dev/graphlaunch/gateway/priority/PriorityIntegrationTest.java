package dev.graphlaunch.gateway.priority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.schedules.ScheduleApplier;
import dev.graphlaunch.gateway.schedules.ScheduleChange;
import dev.graphlaunch.gateway.schedules.ScheduleLoader;
import dev.graphlaunch.gateway.schedules.SchedulePlan;
import dev.graphlaunch.gateway.schedules.TemporalSchedules;
import dev.graphlaunch.gateway.support.TestCatalogs;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.gateway.triggers.WorkflowStarter;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What Temporal itself records of a run's priority, on the real dev server: for workflows the
 * relay starts, and for the workflow starts of applied schedules, including a changed priority
 * reaching a schedule that was applied before.
 */
class PriorityIntegrationTest {
    private static WorkflowServiceStubs stubs;
    private static WorkflowClient workflows;
    private static ScheduleClient schedules;
    private static Jdbi jdbi;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        stubs = factory.buildStubs();
        workflows = factory.buildClient(stubs);
        schedules = factory.buildScheduleClient(stubs);
        String dbUrl = TestDatabases.fresh("priority");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(dbUrl);
        dataSource.setUser(EmbeddedDatabase.USER);
        Migrations.apply(dataSource);
        jdbi = TestDatabases.jdbi(dbUrl);
    }

    @AfterAll
    static void stop() {
        stubs.shutdown();
    }

    @Test
    void relayedStartsCarryTheirRunKindsPriorityAndTheirTenantAsFairnessKey() {
        WorkflowStarter starter = new WorkflowStarter(workflows, RunPriorities.defaults());
        String tenant = "prio-" + UUID.randomUUID().toString().substring(0, 8);

        Priority api = startAndDescribe(starter, tenant, RunKind.USER_IMMEDIATE, TriggerSource.API);
        Priority webhook = startAndDescribe(starter, tenant, RunKind.SYSTEM_WEBHOOK, TriggerSource.GITHUB_WEBHOOK);

        assertThat(api.getPriorityKey()).isEqualTo(1);
        assertThat(api.getFairnessKey()).isEqualTo(tenant);
        assertThat(webhook.getPriorityKey()).isEqualTo(3);
        assertThat(webhook.getFairnessKey()).isEqualTo(tenant);
    }

    @Test
    void aPriorityChangeReachesAnAppliedScheduleAtTheNextApplyAndApplyingAgainChangesNothing() throws IOException {
        String tenant = "prio-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("schedules.yml");
        Files.writeString(file, """
                schedules:
                  - {id: nightly, tenant: %s, graph: builtin:echo, cron: "0 2 * * *", owner: ops@example.test}
                """.formatted(tenant));
        String temporalId = "graph-launch:" + tenant + ":nightly";
        applier(new PriorityConfig(false, null, null, null, false, null)).apply(file, line -> {});
        assertThat(actionPriority(temporalId)).isNull();

        ScheduleApplier withDefaults = applier(PriorityConfig.defaults());
        SchedulePlan plan = withDefaults.plan(file);

        // Only this tenant's: schedules other tests left behind would show as deletions.
        assertThat(plan.changes().stream().filter(change -> change.key().tenantId().equals(tenant)))
                .singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(ScheduleChange.Kind.UPDATE);
            assertThat(change.fields()).singleElement().hasToString("priority: default -> key 4, fairness " + tenant);
        });
        withDefaults.apply(file, line -> {});
        io.temporal.common.Priority applied = actionPriority(temporalId);
        assertThat(applied.getPriorityKey()).isEqualTo(4);
        assertThat(applied.getFairnessKey()).isEqualTo(tenant);
        assertThat(withDefaults.plan(file).changes()).noneMatch(change -> change.key().tenantId().equals(tenant));

        Files.writeString(file, "schedules: []\n");
        withDefaults.apply(file, line -> {});
    }

    private static ScheduleApplier applier(PriorityConfig config) {
        return new ScheduleApplier(new ScheduleLoader(TestCatalogs.builtin()),
                new TemporalSchedules(schedules, new RunPriorities(config)), jdbi);
    }

    private static io.temporal.common.Priority actionPriority(String temporalId) {
        ScheduleActionStartWorkflow action =
                (ScheduleActionStartWorkflow) schedules.getHandle(temporalId).describe().getSchedule().getAction();
        return action.getOptions().getPriority();
    }

    /** Starts a workflow no worker will run, reads what Temporal recorded, and terminates it. */
    private static Priority startAndDescribe(WorkflowStarter starter, String tenant, RunKind kind, TriggerSource source) {
        String workflowId = "graph-run:" + tenant + ":client:" + UUID.randomUUID();
        starter.start(workflowId, new GraphRunInput(tenant, "builtin:echo", null, kind, source, "ref", "someone",
                "apikey:test", UUID.randomUUID().toString()));
        try {
            return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace("default")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo().getPriority();
        } finally {
            workflows.newUntypedWorkflowStub(workflowId).terminate("priority test: no worker runs it");
        }
    }
}
