package dev.graphlaunch.gateway.execution.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import org.junit.jupiter.api.Test;

class CiFailureTriageGraphTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625";
    private final CiFailureTriageGraph graph = new CiFailureTriageGraph();

    private static String failure(String workflow, long runId, int attempt, String conclusion) {
        return "{\"workflow\":\"" + workflow + "\",\"workflowPath\":\".github/workflows/" + workflow + ".yml\","
                + "\"runId\":" + runId + ",\"attempt\":" + attempt + ","
                + "\"htmlUrl\":\"https://github.com/octo-org/octo-repo/actions/runs/" + runId + "\","
                + "\"conclusion\":\"" + conclusion + "\",\"actor\":\"Codertocat\"}";
    }

    private static JsonNode input(String... failures) throws Exception {
        return MAPPER.readTree("{\"repo\":\"octo-org/octo-repo\",\"sha\":\"" + SHA + "\",\"branch\":\"master\","
                + "\"failures\":[" + String.join(",", failures) + "]}");
    }

    /** The single-failure input of runs recorded before the debounce existed. */
    private static JsonNode recordedBeforeTheDebounce(int attempt, String conclusion) throws Exception {
        return MAPPER.readTree("{\"repo\":\"octo-org/octo-repo\",\"workflow\":\"test\","
                + "\"workflowPath\":\".github/workflows/test.yml\",\"branch\":\"master\","
                + "\"sha\":\"" + SHA + "\",\"runId\":289782451,\"attempt\":" + attempt + ","
                + "\"htmlUrl\":\"https://github.com/octo-org/octo-repo/actions/runs/289782451\","
                + "\"conclusion\":\"" + conclusion + "\",\"actor\":\"Codertocat\"}");
    }

    @Test
    void triageNamesTheFailureAndWhereToLook() throws Exception {
        JsonNode triage = graph.run(input(failure("test", 289782451L, 1, "failure")));
        assertThat(triage.path("repository").asText()).isEqualTo("octo-org/octo-repo");
        assertThat(triage.path("branch").asText()).isEqualTo("master");
        assertThat(triage.path("sha").asText()).isEqualTo(SHA);
        assertThat(triage.path("failures")).hasSize(1);
        JsonNode failure = triage.path("failures").get(0);
        assertThat(failure.path("workflow").path("name").asText()).isEqualTo("test");
        assertThat(failure.path("workflow").path("path").asText()).isEqualTo(".github/workflows/test.yml");
        assertThat(failure.path("runId").asLong()).isEqualTo(289782451L);
        assertThat(failure.path("attempt").asInt()).isEqualTo(1);
        assertThat(failure.path("conclusion").asText()).isEqualTo("failure");
        assertThat(failure.path("htmlUrl").asText()).isEqualTo("https://github.com/octo-org/octo-repo/actions/runs/289782451");
        assertThat(failure.path("actor").asText()).isEqualTo("Codertocat");
        assertThat(failure.path("isRerun").asBoolean()).isFalse();
        assertThat(triage.path("summary").asText())
                .isEqualTo("test failed in octo-org/octo-repo on master at 3484a3f (attempt 1), triggered by Codertocat");
        assertThat(failure.path("summary").asText()).isEqualTo(triage.path("summary").asText());
    }

    @Test
    void everyFailureOfTheCommitIsListedAndSummarised() throws Exception {
        JsonNode triage = graph.run(input(failure("build", 11, 1, "failure"), failure("lint", 12, 1, "timed_out"),
                failure("test", 13, 2, "startup_failure")));

        assertThat(triage.path("failures")).hasSize(3);
        assertThat(triage.path("failures").findValuesAsText("runId")).containsExactly("11", "12", "13");
        assertThat(triage.path("failures").get(2).path("isRerun").asBoolean()).isTrue();
        assertThat(triage.path("failures").get(1).path("summary").asText())
                .isEqualTo("lint timed out in octo-org/octo-repo on master at 3484a3f (attempt 1), triggered by Codertocat");
        assertThat(triage.path("summary").asText()).isEqualTo("3 workflow runs failed in octo-org/octo-repo on master"
                + " at 3484a3f: build (failed), lint (timed out), test (failed to start)");
    }

    @Test
    void aFollowUpRunSaysWhichRunItFollows() throws Exception {
        ObjectNode input = ((ObjectNode) input(failure("test", 14, 1, "failure")))
                .put("followUpOf", "0b6f5d1e-8a39-4f57-9d2b-6f1f0c1d2e3f");
        assertThat(graph.run(input).path("followUpOf").asText()).isEqualTo("0b6f5d1e-8a39-4f57-9d2b-6f1f0c1d2e3f");
    }

    @Test
    void runsRecordedWithTheSingleFailureInputStillRun() throws Exception {
        JsonNode before = graph.run(recordedBeforeTheDebounce(1, "failure"));
        JsonNode now = graph.run(input(failure("test", 289782451L, 1, "failure")));
        assertThat(before).isEqualTo(now);
    }

    @Test
    void secondAttemptIsARerun() throws Exception {
        JsonNode triage = graph.run(recordedBeforeTheDebounce(2, "timed_out"));
        assertThat(triage.path("failures").get(0).path("isRerun").asBoolean()).isTrue();
        assertThat(triage.path("summary").asText()).contains("timed out").contains("re-run, attempt 2");
    }

    @Test
    void sameInputSameOutput() throws Exception {
        assertThat(graph.run(input(failure("a", 1, 1, "failure"), failure("b", 2, 1, "failure"))))
                .isEqualTo(graph.run(input(failure("a", 1, 1, "failure"), failure("b", 2, 1, "failure"))));
    }

    @Test
    void inputWithoutRepositoryOrRunIdFailsWithoutRetry() throws Exception {
        for (String bad : new String[] {"{\"runId\":1}", "{\"repo\":\"o/r\",\"failures\":[]}",
                "{\"repo\":\"o/r\",\"failures\":[{\"workflow\":\"x\"}]}", "{\"repo\":\"o/r\"}"}) {
            assertThatThrownBy(() -> graph.run(MAPPER.readTree(bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(GraphExecutionException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }
}
