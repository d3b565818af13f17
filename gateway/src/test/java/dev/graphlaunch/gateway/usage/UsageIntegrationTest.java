package dev.graphlaunch.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.FakeOpenAi;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The usage view sums exactly the caller's tenant's receipts, however they are grouped. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UsageIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("usage");
    private static final FakeOpenAi OPENAI = new FakeOpenAi();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("graphs.builtinPrices.echo", "0.25"),
            ConfigOverride.config("graphs.openai.enabled", "true"),
            ConfigOverride.config("graphs.openai.baseUrl", OPENAI.baseUrl().toString()),
            ConfigOverride.config("graphs.openai.models.chat", "stub-model"),
            ConfigOverride.config("graphs.openai.prices.stub-model.inputPer1k", "0.3"),
            ConfigOverride.config("graphs.openai.prices.stub-model.outputPer1k", "0.6"));

    private static Jdbi jdbi;
    private static HttpJson http;
    private static WorkerStandIn worker;
    private static final Map<String, String> KEYS = new HashMap<>();
    private static String acmeRunsOnly;

    @BeforeAll
    static void runSomeGraphs() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        worker = new WorkerStandIn(InternalApiPort.client(APP));
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        for (String tenant : List.of("acme", "globex")) {
            KEYS.put(tenant, keys.issue(tenant, "app@" + tenant, List.of("runs:write", "usage:read", "*"), "").key());
        }
        acmeRunsOnly = keys.issue("acme", "reader@acme", List.of("runs:read", "*"), "").key();

        OPENAI.always(FakeOpenAi.stream("fine", 100, 40));
        run("acme", "builtin:echo");
        run("acme", "builtin:echo");
        run("acme", "openai:chat");
        run("globex", "openai:chat");
        String scheduled = worker.startScheduled("acme", "builtin:echo", MAPPER.createObjectNode(), "daily",
                "2026-11-25T06:00:00Z");
        worker.runToEnd("builtin:echo", scheduled, 3);
    }

    @AfterAll
    static void tearDown() {
        OPENAI.close();
    }

    private static void run(String tenant, String graphId) {
        JsonNode accepted = http.postJson("/api/v1/ai/chat", KEYS.get(tenant), Map.of("graphId", graphId, "message", "x"),
                Map.of("Idempotency-Key", "k-" + UUID.randomUUID())).json();
        String runId = accepted.path("runId").asText();
        worker.markStarted(accepted.path("workflowId").asText(), runId);
        worker.runToEnd(graphId, runId, 3);
    }

    private static Map<String, Object> receiptSums(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) as receipts, sum(tokens_in) as tokens_in,"
                        + " sum(tokens_out) as tokens_out, sum(cost) as cost, sum(credits) as credits"
                        + " from charge_receipts where tenant_id = :tenant")
                .bind("tenant", tenant).mapToMap().one());
    }

    private static Reply usage(String tenant, String query) {
        return http.get("/api/v1/usage" + query, KEYS.get(tenant));
    }

    @Test
    void totalsEqualTheSumOfTheTenantsReceiptsOnly() {
        for (String tenant : List.of("acme", "globex")) {
            JsonNode totals = usage(tenant, "").json().path("totals");
            Map<String, Object> sums = receiptSums(tenant);
            assertThat(totals.path("receipts").asLong()).isEqualTo(((Number) sums.get("receipts")).longValue());
            assertThat(totals.path("tokensIn").asLong()).isEqualTo(((Number) sums.get("tokens_in")).longValue());
            assertThat(totals.path("tokensOut").asLong()).isEqualTo(((Number) sums.get("tokens_out")).longValue());
            assertThat(totals.path("cost").decimalValue()).isEqualByComparingTo((BigDecimal) sums.get("cost"));
            assertThat(totals.path("credits").decimalValue()).isEqualByComparingTo((BigDecimal) sums.get("credits"));
        }
        JsonNode acme = usage("acme", "").json().path("totals");
        assertThat(acme.path("receipts").asLong()).isEqualTo(4);
        // three echo runs at 0.25 plus one chat: 100 × 0.3/1K + 40 × 0.6/1K = 0.054
        assertThat(acme.path("cost").decimalValue()).isEqualByComparingTo("0.804");
        assertThat(usage("globex", "").json().path("totals").path("receipts").asLong()).isEqualTo(1);
    }

    @Test
    void groupsSplitTheSameTotals() {
        JsonNode byGraph = usage("acme", "?groupBy=graph").json();
        assertThat(byGraph.path("groupBy").asText()).isEqualTo("graph");
        assertThat(byGraph.path("groups")).extracting(g -> g.path("key").asText(), g -> g.path("receipts").asLong())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("builtin:echo", 3L),
                        org.assertj.core.groups.Tuple.tuple("openai:chat", 1L));

        JsonNode byKind = usage("acme", "?groupBy=runKind").json();
        assertThat(byKind.path("groups")).extracting(g -> g.path("key").asText(), g -> g.path("receipts").asLong())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("system_scheduled", 1L),
                        org.assertj.core.groups.Tuple.tuple("user_immediate", 3L));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode byDay = usage("acme", "?groupBy=day&from=" + today).json();
        assertThat(byDay.path("groups")).singleElement()
                .satisfies(g -> assertThat(g.path("key").asText()).isEqualTo(today));
        assertThat(byDay.path("totals")).isEqualTo(usage("acme", "").json().path("totals"));
    }

    @Test
    void aRangeWithoutReceiptsSumsToZero() {
        JsonNode report = usage("acme", "?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z").json();
        assertThat(report.path("from").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(report.path("totals").path("receipts").asLong()).isZero();
        assertThat(report.path("totals").path("cost").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void badParametersAre400AndMissingScopeIs403() {
        assertThat(usage("acme", "?from=yesterday").status()).isEqualTo(400);
        assertThat(usage("acme", "?groupBy=tenant").status()).isEqualTo(400);
        assertThat(usage("acme", "?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
        assertThat(usage("acme", "?from=2020-01-01&to=2026-01-01").status()).isEqualTo(400);
        Reply forbidden = http.get("/api/v1/usage", acmeRunsOnly);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
    }
}
