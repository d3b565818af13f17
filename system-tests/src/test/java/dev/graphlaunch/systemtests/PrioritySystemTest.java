package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import dev.graphlaunch.systemtests.support.WorkflowTaskWorker;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Item 5 of issue 13 against the real Temporal dev server (started by bin/temporal-dev with the
 * priority and fairness matcher). A backlog is built first: a worker that runs workflow tasks but
 * no attempts lets every run get as far as its queued execute attempt, as runs wait behind
 * saturated workers. Then a worker that runs one attempt at a time starts and serves the backlog.
 * Only the order in which runs finish is asserted, never how long they took, so a loaded machine
 * slows the test down without changing its verdict. Each claim has a control with the feature
 * switched off in the gateway's {@code priority} configuration, which shows the opposite order, so
 * the assertions can fail.
 */
class PrioritySystemTest {
    private static final Logger LOG = LoggerFactory.getLogger(PrioritySystemTest.class);
    private static final int QUEUED_SCHEDULED = 6;
    private static final int FLOOD = 20;
    /** Long enough that a run's finish is recorded before the next run, started after it, can finish. */
    private static final int SLOW_MS = 500;

    /** Its own server: no other test's workers or leftover tasks on the task queue, no fairness history. */
    private static TemporalDevServer temporal;

    @BeforeAll
    static void startTemporal() {
        temporal = TemporalDevServer.start();
    }

    @AfterAll
    static void stopTemporal() {
        temporal.close();
    }

    @Test
    void anApiRunOvertakesAQueueOfScheduledRunsWaitingForTheWorker() throws IOException {
        List<String> finishOrder = apiRunAfterQueuedScheduledRuns("acme");

        // First; Temporal promises close-to-priority order, so one scheduled run may slip ahead.
        assertThat(finishOrder.indexOf("api")).as("finish order %s", finishOrder).isLessThanOrEqualTo(1);
    }

    @Test
    void withoutPriorityKeysTheApiRunWaitsBehindEveryQueuedScheduledRun() throws IOException {
        List<String> finishOrder = apiRunAfterQueuedScheduledRuns("globex",
                ConfigOverride.config("priority.enabled", "false"));

        assertThat(finishOrder.indexOf("api")).as("finish order %s", finishOrder).isEqualTo(QUEUED_SCHEDULED);
    }

    @Test
    void aTenantsFloodDoesNotMakeAnotherTenantWaitForAllOfIt() {
        List<String> finishOrder = quietTenantAfterAFlood("flood-a", "quiet-b");

        // Fairness takes the tenants' waiting runs in turn: both of B's runs are done while most
        // of A's, queued before them, still wait.
        assertThat(finishOrder.lastIndexOf("quiet-b")).as("finish order %s", finishOrder).isLessThan(FLOOD / 2);
    }

    @Test
    void withoutFairnessKeysTheOtherTenantWaitsForTheWholeFlood() {
        List<String> finishOrder = quietTenantAfterAFlood("flood-c", "quiet-d",
                ConfigOverride.config("priority.fairness", "false"));

        assertThat(finishOrder.indexOf("quiet-d")).as("finish order %s", finishOrder).isEqualTo(FLOOD);
    }

    /**
     * Backfills {@value #QUEUED_SCHEDULED} hourly slots of a slow schedule and waits until each has
     * its attempt queued, then starts one API run of the same tenant and graph and waits for its
     * attempt to be queued too; then the one-attempt worker serves them all.
     *
     * @return "scheduled" or "api" for each run, in the order they finished
     */
    private static List<String> apiRunAfterQueuedScheduledRuns(String tenant, ConfigOverride... overrides)
            throws IOException {
        Path file = Files.createTempFile("priority-schedules", ".yml");
        Files.writeString(file, """
                schedules:
                  - id: batch
                    tenant: %s
                    graph: builtin:echo
                    cron: "0 * * * *"
                    overlap: allow_all
                    owner: reports@%s.test
                    input: {messages: [{role: user, content: batch}], input: {delayMs: %d}}
                """.formatted(tenant, tenant, SLOW_MS));
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("schedules.file", file.toString()),
                ConfigOverride.config("schedules.applyOnStart", "true")));
        all.addAll(List.of(overrides));
        try (SystemUnderTest system = SystemUnderTest.against(temporal.address(), all.toArray(ConfigOverride[]::new));
                WorkflowTaskWorker backlogBuilder = startWithoutAttemptWorker(system)) {
            String admin = system.issueKey(tenant, "oncall@" + tenant + ".test", "admin");
            String app = system.issueKey(tenant, "app@" + tenant + ".test", "runs:write", "runs:read", "builtin:*");
            await().atMost(Duration.ofSeconds(30)).until(() -> system.count(
                    "select count(*) from schedule_declarations where schedule_id = 'batch'") == 1);
            // Off the hour at both ends: Temporal's backfill includes a slot on either bound.
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Map<String, Object> range = Map.of(
                    "from", hour.minus(QUEUED_SCHEDULED, ChronoUnit.HOURS).minus(30, ChronoUnit.MINUTES).toString(),
                    "to", hour.minus(30, ChronoUnit.MINUTES).toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> system.http()
                    .postJson("/api/v1/admin/schedules/batch/backfill", admin, range, Map.of()).status() == 202);
            awaitQueuedAttempts(system, tenant, QUEUED_SCHEDULED);
            String apiRun = startRun(system, app);
            awaitQueuedAttempts(system, tenant, QUEUED_SCHEDULED + 1);

            system.startWorkerRunningAtMost(1);

            awaitAllSucceeded(system, tenant, QUEUED_SCHEDULED + 1);
            List<String> order = finishOrder(system, tenant).stream()
                    .map(id -> id.equals(apiRun) ? "api" : "scheduled").toList();
            LOG.info("finish order of tenant {}: {}", tenant, order);
            return order;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Tenant {@code flood} starts {@value #FLOOD} API runs; once all wait in the queue, tenant
     * {@code quiet} starts two; then the one-attempt worker serves them all.
     *
     * @return the tenant of each run, in the order they finished
     */
    private static List<String> quietTenantAfterAFlood(String flood, String quiet, ConfigOverride... overrides) {
        try (SystemUnderTest system = SystemUnderTest.against(temporal.address(), overrides);
                WorkflowTaskWorker backlogBuilder = startWithoutAttemptWorker(system)) {
            String flooding = system.issueKey(flood, "batch@" + flood + ".test", "runs:write", "runs:read", "builtin:*");
            String waiting = system.issueKey(quiet, "app@" + quiet + ".test", "runs:write", "runs:read", "builtin:*");
            for (int i = 0; i < FLOOD; i++) {
                startRun(system, flooding);
            }
            awaitQueuedAttempts(system, flood, FLOOD);
            startRun(system, waiting);
            startRun(system, waiting);
            awaitQueuedAttempts(system, quiet, 2);

            system.startWorkerRunningAtMost(1);

            awaitAllSucceeded(system, flood, FLOOD);
            awaitAllSucceeded(system, quiet, 2);
            List<String> order = system.jdbi().withHandle(handle -> handle.createQuery(
                    "select tenant_id from graph_runs order by finished_at, id").mapTo(String.class).list());
            LOG.info("finish order of {} and {}: {}", flood, quiet, order);
            return order;
        }
    }

    /** The gateway as configured, and Temporal's side of the runs up to their attempts, which wait. */
    private static WorkflowTaskWorker startWithoutAttemptWorker(SystemUnderTest system) {
        system.startGateway();
        return WorkflowTaskWorker.start(temporal.address(), system.internalUri(), SystemUnderTest.SERVICE_TOKEN);
    }

    private static String startRun(SystemUnderTest system, String apiKey) {
        Reply reply = system.http().postJson("/api/v1/ai/chat", apiKey,
                Map.of("graphId", "builtin:echo", "message", "slow", "input", Map.of("delayMs", SLOW_MS)),
                Map.of("Idempotency-Key", "p-" + UUID.randomUUID()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().path("runId").asText();
    }

    /** The tenant has {@code runs} runs, begun, each with its execute attempt waiting in Temporal. */
    private static void awaitQueuedAttempts(SystemUnderTest system, String tenant, int runs) {
        WorkflowClient client = system.temporalClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> workflowIds = system.jdbi().withHandle(handle -> handle.createQuery(
                            "select workflow_id from graph_runs where tenant_id = :tenant and status = 'running'")
                    .bind("tenant", tenant).mapTo(String.class).list());
            return workflowIds.size() == runs && workflowIds.stream().allMatch(id -> hasPendingAttempt(client, id));
        });
    }

    private static boolean hasPendingAttempt(WorkflowClient client, String workflowId) {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build()).getPendingActivitiesCount() > 0;
    }

    private static void awaitAllSucceeded(SystemUnderTest system, String tenant, int runs) {
        // One attempt at a time: the queue takes its runs' delays end to end, plus the machine's load.
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> system.count(
                "select count(*) from graph_runs where tenant_id = ? and status = 'succeeded'", tenant) == runs);
    }

    private static List<String> finishOrder(SystemUnderTest system, String tenant) {
        return system.jdbi().withHandle(handle -> handle.createQuery(
                        "select id::text from graph_runs where tenant_id = :tenant order by finished_at, id")
                .bind("tenant", tenant).mapTo(String.class).list());
    }
}
