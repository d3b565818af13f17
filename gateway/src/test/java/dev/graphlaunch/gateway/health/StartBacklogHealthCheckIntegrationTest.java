package dev.graphlaunch.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import dev.graphlaunch.gateway.support.PendingRuns;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class StartBacklogHealthCheckIntegrationTest {
    private final Jdbi jdbi = PendingRuns.migratedDatabase("backlog_health");

    @Test
    void unhealthyWhileTheOldestPendingStartIsOlderThanTheThresholdAndHealthyAgainAfter() {
        Clock now = Clock.systemUTC();
        Clock tenMinutesLater = Clock.offset(now, Duration.ofMinutes(10));
        assertThat(check(now).isHealthy()).isTrue();
        assertThat(check(now).getMessage()).isEqualTo("0 pending starts");

        pending();
        pending();
        Result fresh = check(now);
        assertThat(fresh.isHealthy()).isTrue();
        assertThat(fresh.getMessage()).matches("2 pending starts, oldest \\d+s");

        Result late = check(tenMinutesLater);
        assertThat(late.isHealthy()).isFalse();
        assertThat(late.getMessage()).matches("2 pending starts, oldest (9m59s|10m0s|10m1s) \\(more than 5m0s\\)");

        jdbi.useHandle(h -> h.execute("delete from run_start_outbox"));
        assertThat(check(tenMinutesLater).isHealthy()).isTrue();
        assertThat(check(tenMinutesLater).getMessage()).isEqualTo("0 pending starts");
    }

    @Test
    void agesReadAsAnOperatorWouldWriteThem() {
        assertThat(StartBacklogHealthCheck.format(Duration.ofSeconds(250))).isEqualTo("4m10s");
        assertThat(StartBacklogHealthCheck.format(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(StartBacklogHealthCheck.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    }

    private Result check(Clock clock) {
        return new StartBacklogHealthCheck(jdbi.onDemand(RunStartOutboxDao.class), Duration.ofMinutes(5), clock).execute();
    }

    private void pending() {
        UUID id = UUID.randomUUID();
        jdbi.useHandle(h -> {
            h.createUpdate("insert into graph_runs (id, tenant_id, graph_id, workflow_id, idempotency_key, run_kind,"
                    + " trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status)"
                    + " values (:id, 'acme', 'builtin:echo', :wf, :key, 'user_immediate', 'api', :key, 'app',"
                    + " '{}', 'apikey:x', '{}', 'accepted')")
                    .bind("id", id).bind("wf", "graph-run:acme:" + id).bind("key", id.toString()).execute();
            h.createUpdate("insert into run_start_outbox (run_id, workflow_id, workflow_input)"
                    + " values (:id, :wf, '{}')").bind("id", id).bind("wf", "graph-run:acme:" + id).execute();
        });
    }
}
