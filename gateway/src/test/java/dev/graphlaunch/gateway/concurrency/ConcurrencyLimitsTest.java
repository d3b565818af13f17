package dev.graphlaunch.gateway.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.SlotKey;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitsTest {
    private static final ConcurrencyLimits LIMITS = new ConcurrencyLimits(new ConcurrencyConfig(8, 2, 1,
            Map.of("builtin:ci-failure-triage", 3), null, null, null));

    @Test
    void anApiRunIsLimitedPerTenant() {
        assertThat(LIMITS.keysFor(run(RunKind.USER_IMMEDIATE, "builtin:echo", empty(), empty())))
                .containsExactly(new SlotKey("tenant:acme", 8));
    }

    @Test
    void aWebhookRunIsLimitedPerRepositoryAndByItsGraph() {
        GraphRun run = run(RunKind.SYSTEM_WEBHOOK, "builtin:ci-failure-triage",
                empty().put("repository", "octo-org/api"), empty().put("repo", "ignored/when-metadata-names-one"));

        assertThat(LIMITS.keysFor(run)).containsExactly(new SlotKey("repo:octo-org/api", 2),
                new SlotKey("graph:builtin:ci-failure-triage", 3));
    }

    @Test
    void aWebhookRunWithoutRepositoryMetadataTakesItFromItsInput() {
        GraphRun run = run(RunKind.SYSTEM_WEBHOOK, "builtin:echo", empty(), empty().put("repo", "octo-org/web"));

        assertThat(LIMITS.keysFor(run)).containsExactly(new SlotKey("repo:octo-org/web", 2));
    }

    @Test
    void aScheduledRunIsLimitedPerSchedule() {
        GraphRun run = run(RunKind.SYSTEM_SCHEDULED, "builtin:echo", empty().put("scheduleId", "nightly"), empty());

        assertThat(LIMITS.keysFor(run)).containsExactly(new SlotKey("schedule:nightly", 1));
    }

    @Test
    void nothingIsLimitedUnlessConfigured() {
        ConcurrencyLimits none = new ConcurrencyLimits(ConcurrencyConfig.unlimited());

        assertThat(none.configured()).isFalse();
        assertThat(none.keysFor(run(RunKind.USER_IMMEDIATE, "builtin:echo", empty(), empty()))).isEmpty();
        assertThat(LIMITS.configured()).isTrue();
    }

    @Test
    void interactiveRunsHaveTheFirstPriority() {
        assertThat(ConcurrencyLimits.priority(run(RunKind.USER_IMMEDIATE, "builtin:echo", empty(), empty())))
                .isLessThan(ConcurrencyLimits.priority(run(RunKind.SYSTEM_WEBHOOK, "builtin:echo", empty(), empty())));
    }

    @Test
    void aLimitBelowOneIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> new ConcurrencyConfig(0, null, null, null, null, null, null))
                .hasMessageContaining("concurrency.apiPerTenant must be at least 1");
        assertThatThrownBy(() -> new ConcurrencyConfig(null, null, null, Map.of("builtin:echo", -1), null, null, null))
                .hasMessageContaining("concurrency.graphs.builtin:echo must be at least 1");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static GraphRun run(RunKind kind, String graphId, JsonNode metadata, JsonNode input) {
        return new GraphRun(UUID.randomUUID(), "acme", graphId, "graph-run:acme:k", "k", null, kind, TriggerSource.API,
                "k", "someone", metadata, "grant", input, RunStatus.QUEUED, 0, null, null, null, null, null,
                Instant.now(), null, null);
    }
}
