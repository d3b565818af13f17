package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.failureOfRun;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.keyOf;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newDeliveryId;
import static dev.graphlaunch.gateway.triggers.webhook.WebhookClient.newRunId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9.4: a client's Idempotency-Key lives in its own family, so it can never take the key or
 * workflow id of a webhook or scheduled run; and tenant ids cannot contain the separator.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeyFamiliesIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("key_families");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WebhookClient hook;
    private static String acme;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        hook = new WebhookClient(http, jdbi);
        // The webhook's tenant in test-gateway.yml.
        acme = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
    }

    private static Reply chat(String idempotencyKey) {
        return http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", "builtin:echo", "message", "hi"),
                Map.of("Idempotency-Key", idempotencyKey));
    }

    @Test
    void aClientKeyShapedLikeAWebhookKeyDoesNotTakeTheCiFailuresRun() {
        long workflowRun = newRunId();
        Reply api = chat(keyOf(workflowRun, 1));
        assertThat(api.status()).as(api.body()).isEqualTo(202);

        Reply delivery = hook.deliver(failureOfRun(workflowRun), "workflow_run", newDeliveryId());

        assertThat(delivery.status()).as(delivery.body()).isEqualTo(202);
        assertThat(delivery.json().path("outcome").asText()).isEqualTo("started");
        assertThat(delivery.json().path("runId").asText()).isNotEqualTo(api.json().path("runId").asText());
        assertThat(delivery.json().path("workflowId").asText()).isEqualTo("graph-run:acme:" + keyOf(workflowRun, 1));
        assertThat(api.json().path("workflowId").asText()).isEqualTo("graph-run:acme:client:" + keyOf(workflowRun, 1));
        JsonRun ci = JsonRun.of(http.get("/api/v1/runs/" + delivery.json().path("runId").asText(), acme));
        assertThat(ci.runKind()).isEqualTo("system_webhook");
    }

    @Test
    void aClientKeyShapedLikeAScheduledSlotDoesNotTakeTheScheduledRun() {
        String at = "2026-11-29T06:00:00Z";
        String scheduleId = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
        Reply api = chat("schedule:" + scheduleId + ":" + at);
        assertThat(api.status()).as(api.body()).isEqualTo(202);

        String scheduledRun = new WorkerStandIn(InternalApiPort.client(APP)).startScheduled("acme", "builtin:echo",
                new ObjectMapper().createObjectNode(), scheduleId, at);

        assertThat(scheduledRun).isNotBlank().isNotEqualTo(api.json().path("runId").asText());
        JsonRun run = JsonRun.of(http.get("/api/v1/runs/" + scheduledRun, acme));
        assertThat(run.runKind()).isEqualTo("system_scheduled");
        assertThat(run.workflowId()).isEqualTo("graph-run:acme:schedule:" + scheduleId + "-" + at);
    }

    @Test
    void theSameClientKeyTwiceIsStillOneRunAndItsTriggerRefIsTheKeyAsSent() {
        String key = "webhook:github:octo-org/octo-repo:" + newRunId() + ":1";
        Reply first = chat(key);
        Reply again = chat(key);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("runId").asText()).isEqualTo(first.json().path("runId").asText());
        assertThat(http.get("/api/v1/runs/" + first.json().path("runId").asText(), acme).json()
                .path("triggerRef").asText()).isEqualTo(key);
    }

    @Test
    void issuingAKeyForATenantWithTheSeparatorIsRefusedAndStoresNothing() {
        long before = TestDatabases.count(jdbi, "api_keys");
        for (String tenant : List.of("acme:prod", "Acme", "", "-acme", "a".repeat(64))) {
            assertThatThrownBy(() -> new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue(tenant, "p@acme.test", List.of("runs:read"), ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
        }
        assertThat(TestDatabases.count(jdbi, "api_keys")).isEqualTo(before);
    }

    @Test
    void keysCreateRefusesATenantWithAColonInOneLine() throws Exception {
        long before = TestDatabases.count(jdbi, "api_keys");
        Path config = dir.resolve("gateway.yml");
        Files.writeString(config, Files.readString(Path.of("src/test/resources/test-gateway.yml"))
                .replace("jdbc:postgresql://127.0.0.1:5432/overridden-by-test", DB_URL));
        GatewayApplication application = new GatewayApplication();
        Bootstrap<GatewayConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Optional<Throwable> exit = new Cli(new JarLocation(getClass()), bootstrap, out, err).run("keys-create",
                "--tenant", "acme:prod", "--principal", "app@acme.test", "--scopes", "runs:read", config.toString());

        assertThat(exit).isPresent();
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).contains("keys-create: tenant 'acme:prod' is not a valid tenant id")
                .doesNotContain("\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("glg_");
        assertThat(TestDatabases.count(jdbi, "api_keys")).isEqualTo(before);
    }

    private record JsonRun(String runKind, String workflowId) {
        static JsonRun of(Reply reply) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return new JsonRun(reply.json().path("runKind").asText(), reply.json().path("workflowId").asText());
        }
    }
}
