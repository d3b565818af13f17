package dev.graphlaunch.gateway.execution.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;

/**
 * A structured triage of one failed GitHub Actions workflow run, built only from what the webhook
 * put in the input, so the CI-failure path works with no model configured. Same input, same output.
 */
public class CiFailureTriageGraph implements BuiltinGraph {

    @Override
    public String name() {
        return "ci-failure-triage";
    }

    @Override
    public JsonNode run(JsonNode input) {
        String repo = text(input, "repo");
        long runId = input.path("runId").asLong(0);
        if (repo == null || runId <= 0) {
            throw new GraphExecutionException(ErrorCode.INVALID_REQUEST,
                    "ci-failure-triage needs 'repo' and 'runId' in its input", false);
        }
        int attempt = Math.max(1, input.path("attempt").asInt(1));
        String workflow = orElse(text(input, "workflow"), orElse(text(input, "workflowPath"), "workflow"));
        String conclusion = orElse(text(input, "conclusion"), "failure");

        ObjectNode triage = JsonNodeFactory.instance.objectNode();
        triage.put("repository", repo);
        triage.putObject("workflow").put("name", workflow).put("path", text(input, "workflowPath"));
        triage.put("branch", text(input, "branch"));
        triage.put("sha", text(input, "sha"));
        triage.put("runId", runId);
        triage.put("attempt", attempt);
        triage.put("conclusion", conclusion);
        triage.put("htmlUrl", text(input, "htmlUrl"));
        triage.put("actor", text(input, "actor"));
        triage.put("isRerun", attempt > 1);
        triage.put("summary", summary(repo, workflow, conclusion, input, attempt));
        return triage;
    }

    private static String summary(String repo, String workflow, String conclusion, JsonNode input, int attempt) {
        StringBuilder line = new StringBuilder()
                .append(workflow).append(" ").append(verb(conclusion)).append(" in ").append(repo);
        String branch = text(input, "branch");
        if (branch != null) {
            line.append(" on ").append(branch);
        }
        String sha = text(input, "sha");
        if (sha != null) {
            line.append(" at ").append(sha, 0, Math.min(7, sha.length()));
        }
        line.append(attempt > 1 ? " (re-run, attempt " + attempt + ")" : " (attempt 1)");
        String actor = text(input, "actor");
        if (actor != null) {
            line.append(", triggered by ").append(actor);
        }
        return line.toString();
    }

    private static String verb(String conclusion) {
        return switch (conclusion) {
            case "failure" -> "failed";
            case "timed_out" -> "timed out";
            case "startup_failure" -> "failed to start";
            default -> "ended with " + conclusion;
        };
    }

    private static String text(JsonNode input, String field) {
        JsonNode value = input.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
