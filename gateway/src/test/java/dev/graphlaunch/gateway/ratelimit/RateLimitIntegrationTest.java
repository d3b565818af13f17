package dev.graphlaunch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.PrometheusScrape;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.openapi.OpenApiSpec;
import dev.graphlaunch.gateway.support.GitHubFixtures;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rate limits over HTTP against a real PostgreSQL (Temporal out of reach, so accepted runs stay
 * pending, which changes nothing here). Buckets refill one token per 1000 s, so within a test
 * they only empty. Each test uses tenants of its own: the buckets outlive a test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("ratelimit");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("rateLimits.perKey.capacity", "3"),
            ConfigOverride.config("rateLimits.perKey.refillPerSecond", "0.001"),
            ConfigOverride.config("rateLimits.perTenant.capacity", "5"),
            ConfigOverride.config("rateLimits.perTenant.refillPerSecond", "0.001"),
            // acme, the webhook's tenant, may start a single API run.
            ConfigOverride.config("rateLimits.tenants.acme.capacity", "1"),
            ConfigOverride.config("rateLimits.tenants.acme.refillPerSecond", "0.001"));
    private static final String POLICY = "\"per-key\";q=3;w=3000, \"per-tenant\";q=5;w=5000";

    private static Jdbi jdbi;
    private static HttpJson http;
    private static ApiKeys keys;

    @BeforeAll
    static void start() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
    }

    private static String key(String tenant) {
        return keys.issue(tenant, "app@" + tenant + ".test", List.of("runs:write", "runs:read", "builtin:*"), "").key();
    }

    private static Reply chat(String key, String idempotencyKey, String message) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return OpenApiSpec.assertDocumented("POST", "/api/v1/ai/chat", http.postJson("/api/v1/ai/chat", key,
                Map.of("graphId", "builtin:echo", "message", message), headers));
    }

    private static Reply rerun(String key, String runId, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        headers.put("Authorization", "Bearer " + key);
        String path = "/api/v1/runs/" + runId + "/rerun";
        return OpenApiSpec.assertDocumented("POST", "/api/v1/runs/{runId}/rerun", http.send("POST", path, headers, "{}"));
    }

    private static long runsOf(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where tenant_id = :t")
                .bind("t", tenant).mapTo(Long.class).one());
    }

    private static void assertRateLimited(Reply reply, String limitInDetail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(429);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/rate-limited");
        // One token per 1000 s: the wait is what is left of that, in whole seconds, and the detail says the same.
        assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(900L, 1000L);
        assertThat(reply.json().path("detail").asText()).contains(limitInDetail)
                .contains("Retry after " + reply.header("Retry-After") + " seconds");
        assertThat(reply.header("RateLimit-Policy")).isNotBlank();
        assertThat(reply.header("RateLimit")).isNotBlank();
    }

    private static double rateLimited(String limit) {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"))
                .value("graphlaunch_rate_limited_total", "limit", limit);
    }

    @Test
    void theRequestAfterTheKeysCapacityIs429WithTheFieldsAndWritesNothing() {
        String initech = key("initech");
        for (int remaining = 2; remaining >= 0; remaining--) {
            Reply accepted = chat(initech, null, "hi");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.header("RateLimit-Policy")).isEqualTo(POLICY);
            assertThat(accepted.header("RateLimit")).matches("\"per-key\";r=" + remaining + ";t=\\d+, \"per-tenant\";r="
                    + (remaining + 2) + ";t=\\d+");
        }
        double before = rateLimited("key");
        String refusedKey = "rl-" + UUID.randomUUID();

        Reply refused = chat(initech, refusedKey, "hi");

        assertRateLimited(refused, "this API key may start 3 runs at once");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo(POLICY);
        // Only the policy that refused: no t in it may lie beyond Retry-After.
        assertThat(refused.header("RateLimit")).isEqualTo("\"per-key\";r=0;t=" + refused.header("Retry-After"));
        assertThat(runsOf("initech")).isEqualTo(3);
        long withRefusedKey = jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where trigger_ref = :k")
                .bind("k", refusedKey).mapTo(Long.class).one());
        assertThat(withRefusedKey).isZero();
        assertThat(rateLimited("key") - before).isEqualTo(1);
    }

    @Test
    void aReplayOfAnAcceptedKeyIsAnsweredWithItsRunWhenTheBucketIsEmpty() {
        String umbrella = key("umbrella");
        String first = "rl-" + UUID.randomUUID();
        Reply accepted = chat(umbrella, first, "first");
        chat(umbrella, null, "second");
        // A replay while tokens are left costs none either: two runs, and still one token.
        Reply earlyReplay = chat(umbrella, first, "first");
        assertThat(earlyReplay.header("RateLimit")).startsWith("\"per-key\";r=1;");
        chat(umbrella, null, "third");
        assertRateLimited(chat(umbrella, null, "fourth"), "this API key");

        Reply replay = chat(umbrella, first, "first");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("runId").asText()).isEqualTo(accepted.json().path("runId").asText());
        assertThat(replay.header("RateLimit")).startsWith("\"per-key\";r=0;");
        // The same key for another request is still what it is, not a rate limit.
        assertThat(chat(umbrella, first, "something else").status()).isEqualTo(422);
        assertThat(runsOf("umbrella")).isEqualTo(3);
    }

    @Test
    void anotherKeyOfTheTenantHasItsOwnBucketUntilTheTenantsIsEmptyAndOtherTenantsAreNotAffected() {
        String first = key("hooli");
        String second = key("hooli");
        for (int i = 0; i < 3; i++) {
            assertThat(chat(first, null, "hi").status()).isEqualTo(202);
        }
        assertRateLimited(chat(first, null, "hi"), "this API key");
        assertThat(chat(second, null, "hi").status()).isEqualTo(202);
        assertThat(chat(second, null, "hi").status()).isEqualTo(202);
        double before = rateLimited("tenant");

        Reply refused = chat(second, null, "hi");

        assertRateLimited(refused, "tenant 'hooli' may start 5 runs at once");
        assertThat(refused.json().path("detail").asText()).doesNotContain("this API key");
        assertThat(rateLimited("tenant") - before).isEqualTo(1);
        assertThat(runsOf("hooli")).isEqualTo(5);
        assertThat(chat(key("globex"), null, "hi").status()).isEqualTo(202);
    }

    @Test
    void aRerunSpendsATokenLikeChatAndItsReplayDoesNot() {
        String soylent = key("soylent");
        String original = chat(soylent, null, "hi").json().path("runId").asText();
        String rerunKey = "rl-" + UUID.randomUUID();
        Reply rerun = rerun(soylent, original, rerunKey);
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(202);
        assertThat(rerun.header("RateLimit")).startsWith("\"per-key\";r=1;");
        assertThat(rerun(soylent, original, null).status()).isEqualTo(202);

        assertRateLimited(rerun(soylent, original, null), "this API key");
        Reply replay = rerun(soylent, original, rerunKey);

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("runId").asText()).isEqualTo(rerun.json().path("runId").asText());
        assertThat(runsOf("soylent")).isEqualTo(3);
    }

    @Test
    void webhookDeliveriesStillMakeRunsWhenTheTenantsApiBucketIsEmpty() {
        String acme = key("acme");
        assertThat(chat(acme, null, "hi").header("RateLimit")).contains("\"per-tenant\";r=0;");
        assertRateLimited(chat(acme, null, "hi"), "tenant 'acme' may start 1 runs at once");
        long before = runsOf("acme");

        byte[] delivery = GitHubFixtures.replace(GitHubFixtures.bytes(GitHubFixtures.FAILURE),
                "\"id\": 289782451,", "\"id\": 700" + System.nanoTime() % 1_000_000 + ",");
        Reply hook = http.post("/api/v1/webhooks/github", null, delivery, "application/json", Map.of(
                "X-GitHub-Event", "workflow_run",
                "X-GitHub-Delivery", UUID.randomUUID().toString(),
                "X-Hub-Signature-256", GitHubFixtures.sign("test-webhook-secret-current", delivery)));

        assertThat(hook.status()).as(hook.body()).isEqualTo(202);
        assertThat(hook.json().path("outcome").asText()).isEqualTo("started");
        assertThat(hook.header("RateLimit")).isNull();
        assertThat(runsOf("acme")).isEqualTo(before + 1);
    }
}
