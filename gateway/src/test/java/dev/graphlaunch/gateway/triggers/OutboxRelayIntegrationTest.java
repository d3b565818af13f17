package dev.graphlaunch.gateway.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import dev.graphlaunch.gateway.support.PendingRuns;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import io.dropwizard.jackson.Jackson;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay against a real PostgreSQL and the real Temporal dev server (no worker: started
 * workflows wait in Temporal, which is all a start needs). Each test uses a tenant of its own, so
 * its workflows can be counted in Temporal by the TenantId search attribute.
 */
class OutboxRelayIntegrationTest {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final RelaySettings SETTINGS = new RelaySettings(8, Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofSeconds(10), 3, Duration.ofHours(1));

    private static Jdbi jdbi;
    private static RunStarter runStarter;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void database() {
        jdbi = PendingRuns.migratedDatabase("relay");
        // Commits runs exactly as the triggers do; the relay it wakes is never started.
        OutboxRelay idle = PendingRuns.relay(jdbi, null, SETTINGS);
        runStarter = PendingRuns.runStarter(jdbi, idle, PendingRuns.backlog(jdbi, StartBacklogConfig.defaults()));
    }

    @AfterEach
    void stop() throws Exception {
        // Relays before the clients they call.
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void hopelessStartsEndFailedAtOnceWhileTheRestOfTheBatchStarts() {
        String tenant = tenant();
        List<UUID> good = accept(tenant, 6);
        UUID tooLongId = accept(tenant, 1).get(0);
        UUID unreadable = accept(tenant, 1).get(0);
        // Temporal answers INVALID_ARGUMENT to a workflow id over its 1000-character limit.
        update("update run_start_outbox set workflow_id = :v where run_id = :id", tooLongId, "x".repeat(1200));
        update("update run_start_outbox set workflow_input = cast(:v as jsonb) where run_id = :id", unreadable,
                "{\"runKind\": \"no-such-kind\"}");

        relay(starter(TemporalDevServer.shared().address()));

        await().atMost(Duration.ofSeconds(30)).until(() -> pending(tenant) == 0);
        good.forEach(id -> assertThat(status(id)).isEqualTo("queued"));
        assertThat(executions(tenant)).hasSize(6);
        Map<String, Object> invalid = run(tooLongId);
        assertThat(invalid).containsEntry("status", "failed").containsEntry("error_code", ErrorCode.START_FAILED.wire());
        assertThat((String) invalid.get("error_message")).contains("after 1 tries").contains("INVALID_ARGUMENT");
        assertThat(invalid.get("finished_at")).isNotNull();
        Map<String, Object> garbled = run(unreadable);
        assertThat(garbled).containsEntry("status", "failed").containsEntry("error_code", ErrorCode.START_FAILED.wire());
        assertThat((String) garbled.get("error_message")).contains("workflow input unreadable");
        // The run's last event, so its streams end.
        JsonNode event = lastEvent(tooLongId);
        assertThat(event.path("status").asText()).isEqualTo("failed");
        assertThat(event.path("code").asText()).isEqualTo(ErrorCode.START_FAILED.wire());
    }

    @Test
    void startThatKeepsFailingIsGivenUpAfterMaxTriesWithoutHoldingUpOthers() {
        String tenant = tenant();
        UUID flaky = accept(tenant, 1).get(0);
        String flakyWorkflow = workflowId(flaky);
        List<UUID> good = accept(tenant, 3);
        WorkflowStarter real = starter(TemporalDevServer.shared().address());
        relay(new WorkflowStarter(null) {
            @Override
            public void start(String workflowId, dev.graphlaunch.contracts.workflow.GraphRunInput input) {
                if (workflowId.equals(flakyWorkflow)) {
                    // A fault injected where Temporal would answer: an internal error, every time.
                    throw Status.INTERNAL.withDescription("injected").asRuntimeException();
                }
                real.start(workflowId, input);
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> good.stream().allMatch(id -> "queued".equals(status(id))));
        assertThat(status(flaky)).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(flaky)));
        Map<String, Object> run = run(flaky);
        assertThat(run).containsEntry("error_code", ErrorCode.START_FAILED.wire());
        assertThat((String) run.get("error_message")).contains("after 3 tries").contains("INTERNAL: injected");
        assertThat(pending(tenant)).isZero();
    }

    @Test
    void twoReplicasDrainingTheSameOutboxStartEachWorkflowExactlyOnce() {
        String tenant = tenant();
        List<UUID> runs = accept(tenant, 200);
        String address = TemporalDevServer.shared().address();

        relay(starter(address));
        relay(starter(address));

        await().atMost(Duration.ofSeconds(90)).until(() -> pending(tenant) == 0);
        runs.forEach(id -> assertThat(status(id)).isEqualTo("queued"));
        await().atMost(Duration.ofSeconds(20)).until(() -> executions(tenant).size() >= 200);
        Map<String, Long> perWorkflow = executions(tenant).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perWorkflow).hasSize(200);
        assertThat(perWorkflow.values()).allMatch(count -> count == 1);
    }

    @Test
    void relayBacksOffWhileTemporalIsDownGivesNothingUpAndDrainsWhenItIsBack() {
        String tenant = tenant();
        List<UUID> runs = accept(tenant, 5);
        int port = TemporalDevServer.freePort();
        relay(starter("127.0.0.1:" + port));

        await().atMost(Duration.ofSeconds(20)).until(() -> minAttempts(tenant) >= 2);
        sleep(Duration.ofSeconds(3));
        // Backing off, not spinning; and never given up although every try failed (maxTries is 3).
        assertThat(maxAttempts(tenant)).isLessThanOrEqualTo(6);
        runs.forEach(id -> assertThat(status(id)).isEqualTo("accepted"));

        try (TemporalDevServer temporal = TemporalDevServer.start(port)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(tenant) == 0);
            runs.forEach(id -> assertThat(status(id)).isEqualTo("queued"));
        }
    }

    private List<UUID> accept(String tenant, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "k-" + UUID.randomUUID();
            NewRun run = new NewRun(tenant, "builtin:echo", key, "fp-" + key, RunKind.USER_IMMEDIATE, TriggerSource.API, key,
                    "app@" + tenant, MAPPER.createObjectNode(), "apikey:test", MAPPER.createObjectNode().put("message", "hi"));
            ids.add(runStarter.start(run).run().id());
        }
        return ids;
    }

    private WorkflowStarter starter(String address) {
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(address);
        WorkflowServiceStubs stubs = factory.buildStubs();
        cleanup.add(stubs::shutdown);
        WorkflowClient client = factory.buildClient(stubs);
        return new WorkflowStarter(client);
    }

    private void relay(WorkflowStarter starter) {
        OutboxRelay relay = PendingRuns.relay(jdbi, starter, SETTINGS);
        relay.start();
        cleanup.add(relay::stop);
    }

    private static List<String> executions(String tenant) {
        TemporalFactory factory = new TemporalFactory();
        factory.setAddress(TemporalDevServer.shared().address());
        WorkflowServiceStubs stubs = factory.buildStubs();
        try {
            return factory.buildClient(stubs).listExecutions("TenantId = '" + tenant + "'")
                    .map(execution -> execution.getExecution().getWorkflowId())
                    .toList();
        } finally {
            stubs.shutdown();
        }
    }

    private static String tenant() {
        return PendingRuns.tenant("relay");
    }

    private static long pending(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from run_start_outbox o join graph_runs r"
                + " on r.id = o.run_id where r.tenant_id = :t").bind("t", tenant).mapTo(Long.class).one());
    }

    private static int minAttempts(String tenant) {
        return attempts(tenant, "min");
    }

    private static int maxAttempts(String tenant) {
        return attempts(tenant, "max");
    }

    private static int attempts(String tenant, String aggregate) {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(" + aggregate + "(o.attempts), 0) from run_start_outbox o"
                + " join graph_runs r on r.id = o.run_id where r.tenant_id = :t").bind("t", tenant)
                .mapTo(Integer.class).one());
    }

    private static String status(UUID runId) {
        return (String) run(runId).get("status");
    }

    private static String workflowId(UUID runId) {
        return (String) run(runId).get("workflow_id");
    }

    private static Map<String, Object> run(UUID runId) {
        return jdbi.withHandle(h -> h.createQuery("select * from graph_runs where id = :id").bind("id", runId)
                .mapToMap().one());
    }

    private static JsonNode lastEvent(UUID runId) {
        String data = jdbi.withHandle(h -> h.createQuery(
                "select data::text from graph_run_events where run_id = :id order by seq desc limit 1")
                .bind("id", runId).mapTo(String.class).one());
        try {
            return MAPPER.readTree(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(String sql, UUID runId, String value) {
        jdbi.useHandle(h -> h.createUpdate(sql).bind("id", runId).bind("v", value).execute());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
