package dev.graphlaunch.gateway.execution.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.execution.GraphExecutionException;
import java.util.ArrayList;
import java.util.List;

/**
 * A structured triage of the failed GitHub Actions workflow runs of one commit, built only from
 * what the webhook put in the input, so the CI-failure path works with no model configured. Same
 * input, same output.
 *
 * <p>The input is {@code {repo, sha, branch, failures: [{workflow, workflowPath, runId, attempt,
 * htmlUrl, conclusion, actor}, ...], followUpOf?}}. Runs recorded before the debounce have the
 * single failure's fields at the top level instead of a list; they are read as a list of one, so
 * they still run (a rerun of one, say).
 */
public class CiFailureTriageGraph implements BuiltinGraph {

    @Override
    public String name() {
        return "ci-failure-triage";
    }

    @Override
    public JsonNode run(JsonNode input) {
        String repo = text(input, "repo");
        List<JsonNode> failures = failuresOf(input);
        if (repo == null || failures.isEmpty() || failures.stream().anyMatch(f -> f.path("runId").asLong(0) <= 0)) {
            throw new GraphExecutionException(ErrorCode.INVALID_REQUEST,
                    "ci-failure-triage needs 'repo' and failures with a 'runId' in its input", false);
        }
        ObjectNode triage = JsonNodeFactory.instance.objectNode();
        triage.put("repository", repo);
        triage.put("branch", text(input, "branch"));
        triage.put("sha", text(input, "sha"));
        if (text(input, "followUpOf") != null) {
            triage.put("followUpOf", text(input, "followUpOf"));
        }
        ArrayNode listed = triage.putArray("failures");
        List<String> names = new ArrayList<>();
        for (JsonNode failure : failures) {
            ObjectNode one = triageOf(repo, input, failure);
            listed.add(one);
            names.add(one.path("workflow").path("name").asText() + " (" + verb(one.path("conclusion").asText()) + ")");
        }
        triage.put("summary", failures.size() == 1 ? listed.get(0).path("summary").asText()
                : summary(repo, input, names));
        return triage;
    }

    /** The failures the input lists, or the one failure of an input recorded before there were lists. */
    private static List<JsonNode> failuresOf(JsonNode input) {
        JsonNode listed = input.path("failures");
        if (!listed.isArray()) {
            return input.has("runId") ? List.of(input) : List.of();
        }
        List<JsonNode> failures = new ArrayList<>();
        listed.forEach(failures::add);
        return failures;
    }

    private static ObjectNode triageOf(String repo, JsonNode input, JsonNode failure) {
        int attempt = Math.max(1, failure.path("attempt").asInt(1));
        String workflow = orElse(text(failure, "workflow"), orElse(text(failure, "workflowPath"), "workflow"));
        String conclusion = orElse(text(failure, "conclusion"), "failure");
        ObjectNode triage = JsonNodeFactory.instance.objectNode();
        triage.putObject("workflow").put("name", workflow).put("path", text(failure, "workflowPath"));
        triage.put("runId", failure.path("runId").asLong());
        triage.put("attempt", attempt);
        triage.put("conclusion", conclusion);
        triage.put("htmlUrl", text(failure, "htmlUrl"));
        triage.put("actor", text(failure, "actor"));
        triage.put("isRerun", attempt > 1);
        StringBuilder line = new StringBuilder().append(workflow).append(" ").append(verb(conclusion))
                .append(" in ").append(repo);
        where(line, input);
        line.append(attempt > 1 ? " (re-run, attempt " + attempt + ")" : " (attempt 1)");
        String actor = text(failure, "actor");
        if (actor != null) {
            line.append(", triggered by ").append(actor);
        }
        triage.put("summary", line.toString());
        return triage;
    }

    /** "3 workflow runs failed in octo-org/octo-repo on master at 3484a3f: test (failed), lint (timed out), ..." */
    private static String summary(String repo, JsonNode input, List<String> names) {
        StringBuilder line = new StringBuilder().append(names.size()).append(" workflow runs failed in ").append(repo);
        where(line, input);
        return line.append(": ").append(String.join(", ", names)).toString();
    }

    private static void where(StringBuilder line, JsonNode input) {
        String branch = text(input, "branch");
        if (branch != null) {
            line.append(" on ").append(branch);
        }
        String sha = text(input, "sha");
        if (sha != null) {
            line.append(" at ").append(sha, 0, Math.min(7, sha.length()));
        }
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
