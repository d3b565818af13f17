package dev.graphlaunch.worker.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.internal.RecordRunStarted;
import dev.graphlaunch.contracts.internal.RunRecord;
import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.contracts.workflow.GraphRunInput;
import dev.graphlaunch.worker.WorkerDataConverter;
import dev.graphlaunch.worker.WorkerMain;
import dev.graphlaunch.worker.gateway.GatewayClient;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The worker's own logback.xml with GRAPHLAUNCH_LOG_FORMAT=json: JSON lines whose MDC names the run. */
class WorkerJsonLogsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private TestActivityEnvironment testEnv;

    @BeforeEach
    void logJsonToACapturedStdout() throws JoranException {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        // logback reads system properties before the environment, so this stands in for the variable
        System.setProperty(WorkerMain.LOG_FORMAT, "json");
        reconfigureLogback();
        testEnv = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(WorkerDataConverter.create()).build())
                .build());
    }

    @AfterEach
    void restore() throws JoranException {
        testEnv.close();
        System.clearProperty(WorkerMain.LOG_FORMAT);
        reconfigureLogback();
        System.setOut(originalOut);
    }

    private static void reconfigureLogback() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(WorkerJsonLogsTest.class.getResource("/logback.xml"));
    }

    @Test
    void anActivitysLineIsJsonWithTheRunsIdWorkflowAndTenant() throws IOException {
        GatewayClient gateway = mock(GatewayClient.class);
        when(gateway.recordRunStarted(any())).thenReturn(new RunRecord("0f0e0d0c-run", RunStatus.RUNNING, 0));
        testEnv.registerActivitiesImplementations(new GraphRunActivitiesImpl(gateway));
        GraphRunActivities activities = testEnv.newActivityStub(GraphRunActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
        GraphRunInput run = new GraphRunInput("acme", "builtin:echo", MAPPER.createObjectNode(),
                RunKind.SYSTEM_SCHEDULED, TriggerSource.TEMPORAL_SCHEDULE, "nightly", "ops@acme", "schedule:nightly", null);

        activities.recordRunStarted(new RecordRunStarted("graph-run:acme:schedule:nightly", "k", "nightly@t",
                MAPPER.createObjectNode(), run));

        List<JsonNode> lines = stdout.toString(StandardCharsets.UTF_8).lines().map(WorkerJsonLogsTest::parse).toList();
        JsonNode recorded = lines.stream()
                .filter(line -> line.path("formattedMessage").asText().equals("Run recorded running at attempt 0"))
                .findFirst().orElseThrow(() -> new AssertionError("no 'Run recorded' line in " + lines));
        assertThat(recorded.path("level").asText()).isEqualTo("INFO");
        assertThat(recorded.path("mdc").path("runId").asText()).isEqualTo("0f0e0d0c-run");
        assertThat(recorded.path("mdc").path("tenantId").asText()).isEqualTo("acme");
        assertThat(recorded.path("mdc").path("workflowId").asText()).isNotBlank();
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
