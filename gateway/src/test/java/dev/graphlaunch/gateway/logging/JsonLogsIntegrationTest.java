package dev.graphlaunch.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.InternalApiPort;
import dev.graphlaunch.gateway.support.TestDatabases;
import dev.graphlaunch.gateway.support.WorkerStandIn;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway started with Dropwizard's JSON layout: each line is JSON, and a run's lines name it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class JsonLogsIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DB_URL = TestDatabases.fresh("jsonlogs");
    private static final Path LOG = logFile();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("json-logs-gateway.yml"),
            ConfigOverride.config("database.url", DB_URL),
            ConfigOverride.config("logging.appenders[0].currentLogFilename", LOG.toString()));

    private static HttpJson http;
    private static String apiKey;

    private static Path logFile() {
        try {
            return Files.createTempDirectory("gateway-json-logs").resolve("gateway.json.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void connect() {
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        apiKey = new ApiKeys(TestDatabases.jdbi(DB_URL).onDemand(ApiKeyDao.class))
                .issue("acme", "app@acme", List.of("runs:write", "runs:read", "builtin:*"), "").key();
    }

    @Test
    void everyLineOfARunCarriesItsRunWorkflowAndTenantAndNoBodyOrSecret() throws IOException {
        String secretMessage = "body-text-" + UUID.randomUUID();
        Reply accepted = http.postJson("/api/v1/ai/chat", apiKey, Map.of("graphId", "builtin:echo", "message", secretMessage),
                Map.of("Idempotency-Key", "json-" + UUID.randomUUID()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String runId = accepted.json().path("runId").asText();
        String workflowId = accepted.json().path("workflowId").asText();
        WorkerStandIn worker = new WorkerStandIn(InternalApiPort.client(APP));
        worker.markStarted(workflowId, runId);
        worker.runToEnd("builtin:echo", runId, 3);

        List<String> lines = Files.readAllLines(LOG);
        List<JsonNode> json = lines.stream().map(JsonLogsIntegrationTest::parse).toList();
        List<JsonNode> ofTheRun = json.stream().filter(line -> runId.equals(line.path("mdc").path("runId").asText())).toList();
        assertThat(ofTheRun).extracting(line -> line.path("message").asText())
                .anyMatch(message -> message.startsWith("Run accepted"))
                .anyMatch(message -> message.startsWith("Run ended succeeded"));
        assertThat(ofTheRun).allSatisfy(line -> {
            assertThat(line.path("mdc").path("workflowId").asText()).isEqualTo(workflowId);
            assertThat(line.path("mdc").path("tenantId").asText()).isEqualTo("acme");
            assertThat(line.path("level").asText()).isNotEmpty();
            assertThat(line.path("timestamp").isMissingNode()).isFalse();
        });
        assertThat(lines).noneMatch(line -> line.contains(secretMessage))
                .noneMatch(line -> line.contains(apiKey))
                .noneMatch(line -> line.contains(WorkerStandIn.SERVICE_TOKEN));
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
