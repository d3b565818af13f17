package dev.graphlaunch.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The internal API lives on its own connector only, and takes either token of a rotation. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InternalApiPortIntegrationTest {
    private static final String CURRENT = "test-service-token-0123456789";
    private static final String NEXT = "test-next-service-token-9876543210";
    private static final String DB_URL = TestDatabases.fresh("internal_port");
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL));

    private static Jdbi jdbi;
    private static HttpJson publicPort;
    private static HttpJson internalPort;

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        publicPort = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        internalPort = InternalApiPort.client(APP);
    }

    @Test
    void internalApiAnswersOnItsOwnPortWithTheCurrentOrTheNextToken() {
        for (String token : List.of(CURRENT, NEXT)) {
            Reply reply = recordScheduledRun(internalPort, token);

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("status").asText()).isEqualTo("running");
        }
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isEqualTo(2);
    }

    @Test
    void publicPortAnswersTheInternalApiLikeAnUnknownPathEvenWithAValidToken() {
        Reply unknown = publicPort.send("PUT", "/api/no-such-thing", Map.of(), null);

        Reply internal = recordScheduledRun(publicPort, CURRENT);
        Reply wrongMethod = publicPort.send("GET", "/api/internal/runs/by-workflow?workflowId=x",
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, CURRENT), null);
        Reply noToken = publicPort.send("POST", InternalApi.grantCheck(UUID.randomUUID().toString()), Map.of(), null);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        for (Reply reply : List.of(internal, wrongMethod, noToken)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json()).isEqualTo(unknown.json());
        }
        assertThat(TestDatabases.count(jdbi, "graph_runs")).isLessThanOrEqualTo(2);
        assertThat(count("select count(*) from graph_runs where workflow_id like '%public-port%'")).isZero();
    }

    @Test
    void wrongOrMissingTokenOnTheInternalPortIs401Problem() {
        for (Map<String, String> headers : List.of(
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, "not-the-service-token-at-all"),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, CURRENT + "x"),
                Map.<String, String>of())) {
            Reply reply = internalPort.send("POST", InternalApi.grantCheck(UUID.randomUUID().toString()), headers, null);

            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asText()).isEqualTo("/problems/unauthorized");
        }
    }

    @Test
    void internalPortServesNothingOfThePublicApi() {
        String key = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:read"), "").key();

        Reply onInternal = internalPort.get("/api/v1/runs", key);
        Reply onPublic = publicPort.get("/api/v1/runs", key);

        assertThat(onPublic.status()).isEqualTo(200);
        assertThat(onInternal.status()).isEqualTo(404);
        assertThat(onInternal.contentType()).startsWith("application/problem+json");
    }

    private static Reply recordScheduledRun(HttpJson port, String token) {
        String scheduleId = (port == publicPort ? "public-port-" : "nightly-") + UUID.randomUUID();
        String workflowId = "graph-run:acme:schedule:" + scheduleId + "-2026-01-01T00:00:00Z";
        GraphRunInput input = new GraphRunInput("acme", "builtin:echo", JsonNodeFactory.instance.objectNode(),
                RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE, scheduleId, "ops@acme.test",
                "schedule:" + scheduleId, null);
        RecordRunStarted started = new RecordRunStarted(workflowId, "schedule:" + scheduleId + ":2026-01-01T00:00:00Z",
                scheduleId + "@2026-01-01T00:00:00Z", null, input);
        return port.send("PUT", InternalApi.runByWorkflow(workflowId),
                Map.of(InternalApi.SERVICE_TOKEN_HEADER, token, "Content-Type", "application/json"),
                HttpJson.toJson(started));
    }

    private static long count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
