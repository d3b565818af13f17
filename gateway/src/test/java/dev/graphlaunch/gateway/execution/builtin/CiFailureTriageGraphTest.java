package dev.graphlaunch.gateway.execution.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import org.junit.jupiter.api.Test;

class CiFailureTriageGraphTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CiFailureTriageGraph graph = new CiFailureTriageGraph();

    private static JsonNode input(int attempt, String conclusion) throws Exception {
        return MAPPER.readTree("{\"repo\":\"octo-org/octo-repo\",\"workflow\":\"test\","
                + "\"workflowPath\":\".github/workflows/test.yml\",\"branch\":\"master\","
                + "\"sha\":\"3484a3fb816e0859fd6e1cea078d76385ff50625\",\"runId\":289782451,\"attempt\":" + attempt + ","
                + "\"htmlUrl\":\"https://github.com/octo-org/octo-repo/actions/runs/289782451\","
                + "\"conclusion\":\"" + conclusion + "\",\"actor\":\"Codertocat\"}");
    }

    @Test
    void triageNamesTheFailureAndWhereToLook() throws Exception {
        JsonNode triage = graph.run(input(1, "failure"));
        assertThat(triage.path("repository").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(triage.path("workflow").path("name").asText()).isEqualTo("test");
        assertThat(triage.path("workflow").path("path").asText()).isEqualTo(".github/workflows/test.yml");
        assertThat(triage.path("branch").asText()).isEqualTo("master");
        assertThat(triage.path("sha").asText()).isEqualTo("3484a3fb816e0859fd6e1cea078d76385ff50625");
        assertThat(triage.path("runId").asLong()).isEqualTo(289782451L);
        assertThat(triage.path("attempt").asInt()).isEqualTo(1);
        assertThat(triage.path("conclusion").asText()).isEqualTo("failure");
        assertThat(triage.path("htmlUrl").asText()).isEqualTo("https://github.com/octo-org/octo-repo/actions/runs/289782451");
        assertThat(triage.path("actor").asText()).isEqualTo("Codertocat");
        assertThat(triage.path("isRerun").asBoolean()).isFalse();
        assertThat(triage.path("summary").asText())
                .isEqualTo("test failed in octo-org/octo-repo on master at 3484a3f (attempt 1), triggered by Codertocat");
    }

    @Test
    void secondAttemptIsARerun() throws Exception {
        JsonNode triage = graph.run(input(2, "timed_out"));
        assertThat(triage.path("isRerun").asBoolean()).isTrue();
        assertThat(triage.path("summary").asText()).contains("timed out").contains("re-run, attempt 2");
    }

    @Test
    void sameInputSameOutput() throws Exception {
        assertThat(graph.run(input(1, "failure"))).isEqualTo(graph.run(input(1, "failure")));
    }

    @Test
    void inputWithoutRepositoryOrRunIdFailsWithoutRetry() throws Exception {
        assertThatThrownBy(() -> graph.run(MAPPER.readTree("{\"runId\":1}")))
                .isInstanceOfSatisfying(GraphExecutionException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.retryable()).isFalse();
                });
    }
}
