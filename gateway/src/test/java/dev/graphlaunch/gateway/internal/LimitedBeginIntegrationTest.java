package dev.graphlaunch.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.FinishRun;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.schedules.ScheduleDeclaration;
import dev.graphlaunch.gateway.schedules.ScheduleDeclarationDao;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The begin call under a concurrency limit (one run per schedule): a workflow that asks to wait is
 * told to, and its run stays queued; a worker of the old shape, which does not ask, is never made to
 * wait; the waiter gets its slot once the holder has ended.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LimitedBeginIntegrationTest {
    private static final String TOKEN = "test-service-token-0123456789";
    private static final String DB_URL = TestDatabases.fresh("limited_begin");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("concurrency.scheduledPerSchedule", "1"));

    private static Jdbi jdbi;
    private static HttpJson internal;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        internal = InternalApiPort.client(APP);
    }

    @Test
    void aSecondRunOfTheScheduleWaitsQueuedAndGetsTheSlotOnceTheFirstEnded() {
        String schedule = declare();

        Reply first = begin(schedule, "2026-01-01T00:00:00Z", true);
        Reply second = begin(schedule, "2026-01-01T01:00:00Z", true);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("status").asText()).isEqualTo("running");
        assertThat(first.json().has("slotWait")).isFalse();
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("status").asText()).isEqualTo("queued");
        assertThat(second.json().path("slotWait").path("limitKey").asText()).isEqualTo("schedule:" + schedule);
        assertThat(second.json().path("slotWait").path("limit").asInt()).isEqualTo(1);
        assertThat(second.json().path("slotWait").path("running").asInt()).isEqualTo(1);
        assertThat(second.json().path("slotWait").path("recheckAfterSeconds").asLong()).isEqualTo(300);
        String secondRun = second.json().path("runId").asText();
        assertThat(count("select count(*) from graph_runs where id = cast('" + secondRun + "' as uuid)"
                + " and status = 'queued' and started_at is null")).isEqualTo(1);

        Reply ended = internal.send("POST", InternalApi.finish(first.json().path("runId").asText()), headers(),
                HttpJson.toJson(FinishRun.cancelled()));
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        Reply again = begin(schedule, "2026-01-01T01:00:00Z", true);

        assertThat(again.json().path("runId").asText()).isEqualTo(secondRun);
        assertThat(again.json().path("status").asText()).isEqualTo("running");
        assertThat(again.json().has("slotWait")).isFalse();
        assertThat(count("select count(*) from graph_run_events where run_id = cast('" + secondRun + "' as uuid)"
                + " and data->>'message' like 'got a slot of schedule:" + schedule + "%'")).isEqualTo(1);
    }

    @Test
    void aWorkerThatDoesNotAskToWaitIsNeverMadeTo() {
        String schedule = declare();
        begin(schedule, "2026-01-01T00:00:00Z", true);

        Reply old = begin(schedule, "2026-01-01T01:00:00Z", false);

        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.json().path("status").asText()).isEqualTo("running");
        assertThat(old.json().has("slotWait")).isFalse();
    }

    private static String declare() {
        String schedule = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
        jdbi.onDemand(ScheduleDeclarationDao.class).insert(List.of(
                new ScheduleDeclaration("acme", schedule, "builtin:echo", "ops@acme.test", false, null, null)));
        return schedule;
    }

    private static Reply begin(String schedule, String time, boolean waitForSlot) {
        String workflowId = "graph-run:acme:schedule:" + schedule + "-" + time;
        GraphRunInput input = new GraphRunInput("acme", "builtin:echo", JsonNodeFactory.instance.objectNode(),
                RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE, schedule, "ops@acme.test",
                "schedule:" + schedule, null);
        RecordRunStarted started = new RecordRunStarted(workflowId, "schedule:" + schedule + ":" + time,
                schedule + "@" + time, JsonNodeFactory.instance.objectNode().put("scheduleId", schedule), input,
                waitForSlot ? Boolean.TRUE : null);
        return internal.send("POST", InternalApi.begin(workflowId), headers(), HttpJson.toJson(started));
    }

    private static Map<String, String> headers() {
        return Map.of(InternalApi.SERVICE_TOKEN_HEADER, TOKEN, "Content-Type", "application/json");
    }

    private static long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
