package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway enforces the run timeout itself (docs/execution.md, "One attempt at a time"). */
class RunTimeoutSystemTest {
    private static SystemUnderTest system;
    private static String client;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.startAll(ConfigOverride.config("execution.runTimeout", "2s"));
        client = system.issueKey("acme", "app@acme.test", "runs:write", "runs:read", "*");
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void aGraphSlowerThanTheRunTimeoutEndsFailedWithTimeoutAfterItsRetriesPromptly() {
        long started = System.currentTimeMillis();
        Reply accepted = system.http().postJson("/api/v1/ai/chat", client, Map.of("graphId", "builtin:echo",
                "message", "too slow", "input", Map.of("delayMs", 30_000)), Map.of("Idempotency-Key", "t-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().path("runId").asText();

        JsonNode run = system.awaitRun(runId, client, "failed");

        // 5 attempts × 2 s + backoff 1 + 2 + 4 + 8 s: well under one slow graph's 30 s per attempt.
        assertThat(System.currentTimeMillis() - started).isLessThan(60_000);
        assertThat(run.path("error").path("code").asText()).as("%s", run).isEqualTo("timeout");
        assertThat(run.path("attempt").asInt()).isEqualTo(5);
        assertThat(system.count("select count(*) from graph_run_attempts where run_id = cast(? as uuid)"
                + " and status = 'failed' and error_code = 'timeout'", runId)).isEqualTo(5);
    }
}
