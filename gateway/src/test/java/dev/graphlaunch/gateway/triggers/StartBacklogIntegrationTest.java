package dev.graphlaunch.gateway.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import dev.graphlaunch.gateway.errors.ProblemType;
import dev.graphlaunch.gateway.support.PendingRuns;
import io.dropwizard.util.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The accept path's view of the backlog: its own accepts at once, other replicas' at the next refresh. */
class StartBacklogIntegrationTest {
    private static final StartBacklogConfig BOUNDS = new StartBacklogConfig(5L, 2L, null, Duration.seconds(7),
            Duration.hours(1));

    private final Jdbi jdbi = PendingRuns.migratedDatabase("backlog");

    @Test
    void otherReplicasAcceptsCountFromTheNextRefreshAndReplaysAreStillAnswered() {
        StartBacklog mine = PendingRuns.backlog(jdbi, BOUNDS);
        RunStarter thisReplica = starter(mine);
        RunStarter otherReplica = starter(PendingRuns.backlog(jdbi, BOUNDS));
        String tenant = PendingRuns.tenant("t");
        NewRun first = apiRun(tenant);
        otherReplica.start(first);
        otherReplica.start(apiRun(tenant));

        mine.admit(tenant);
        mine.refresh();

        assertThatThrownBy(() -> mine.admit(tenant))
                .isInstanceOfSatisfying(StartBacklogFullException.class, full -> {
                    assertThat(full.problem()).isEqualTo(ProblemType.TENANT_START_BACKLOG_FULL);
                    assertThat(full.retryAfter()).contains(java.time.Duration.ofSeconds(7));
                });
        assertThat(thisReplica.start(first).replayed()).isTrue();
        assertThat(mine.pending()).isEqualTo(2);
    }

    @Test
    void globalBoundIs503AndSystemTriggersAreNeverRefused() {
        StartBacklog backlog = PendingRuns.backlog(jdbi, BOUNDS);
        RunStarter starter = starter(backlog);
        for (int i = 0; i < 5; i++) {
            starter.start(apiRun(PendingRuns.tenant("g")));
        }

        assertThatThrownBy(() -> starter.start(apiRun(PendingRuns.tenant("g"))))
                .isInstanceOfSatisfying(StartBacklogFullException.class, full -> {
                    assertThat(full.problem()).isEqualTo(ProblemType.START_BACKLOG_FULL);
                });
        NewRun webhook = new NewRun("acme", "builtin:ci-failure-triage", "webhook:github:o/r:1:" + UUID.randomUUID(),
                null, RunKind.SYSTEM_WEBHOOK, TriggerSource.GITHUB_WEBHOOK, "delivery", "github:octocat",
                PendingRuns.MAPPER.createObjectNode(), "webhook:github", PendingRuns.MAPPER.createObjectNode());
        assertThat(starter.start(webhook).replayed()).isFalse();
        assertThat(backlog.pending()).isEqualTo(6);
    }

    private RunStarter starter(StartBacklog backlog) {
        RelaySettings settings = new RelaySettings(1, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(10), 1, java.time.Duration.ofHours(1));
        return PendingRuns.runStarter(jdbi, PendingRuns.relay(jdbi, null, settings), backlog);
    }

    private static NewRun apiRun(String tenant) {
        String key = "k-" + UUID.randomUUID();
        return new NewRun(tenant, "builtin:echo", key, "fp-" + key, RunKind.USER_IMMEDIATE, TriggerSource.API, key,
                "app@" + tenant, PendingRuns.MAPPER.createObjectNode(), "apikey:test", PendingRuns.MAPPER.createObjectNode());
    }
}
