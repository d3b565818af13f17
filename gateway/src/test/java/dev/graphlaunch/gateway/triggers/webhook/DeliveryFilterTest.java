package dev.graphlaunch.gateway.triggers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.support.GitHubFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryFilterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DeliveryFilter filter(List<String> repositories, List<String> branches, Set<String> conclusions) {
        return new DeliveryFilter(new GitHubWebhookConfig(List.of("s"), "acme", null, repositories, branches,
                conclusions, null, null, null));
    }

    private static WorkflowRunEvent fixture(String name) throws IOException {
        return WorkflowRunEvent.from(MAPPER.readTree(GitHubFixtures.bytes(name)));
    }

    private static WorkflowRunEvent failure(String repository, String branch, String conclusion) {
        return new WorkflowRunEvent("completed", repository, 1, "ci", ".github/workflows/ci.yml", 2, 3, 1, 4,
                branch, "abc", "https://github.com/x", conclusion, "octocat", "octocat");
    }

    @Test
    void failureFixtureOnAnAllowedRepositoryStartsARun() throws IOException {
        assertThat(filter(List.of("octo-org/octo-repo"), List.of(), null).whyIgnored(fixture(GitHubFixtures.FAILURE)))
                .isEmpty();
    }

    @Test
    void successAndRequestedFixturesAreIgnoredWithTheReason() throws IOException {
        DeliveryFilter filter = filter(List.of("octo-org/*"), List.of(), null);
        assertThat(filter.whyIgnored(fixture(GitHubFixtures.SUCCESS))).hasValueSatisfying(
                reason -> assertThat(reason).contains("conclusion 'success'"));
        assertThat(filter.whyIgnored(fixture(GitHubFixtures.REQUESTED))).hasValueSatisfying(
                reason -> assertThat(reason).contains("action 'requested'"));
    }

    @Test
    void repositoriesMatchExactlyOrByOwnerWildcardIgnoringCase() {
        DeliveryFilter filter = filter(List.of("octo-org/octo-repo", "Other-Org/*"), List.of(), null);
        assertThat(filter.repositoryAllowed("octo-org/octo-repo")).isTrue();
        assertThat(filter.repositoryAllowed("Octo-Org/Octo-Repo")).isTrue();
        assertThat(filter.repositoryAllowed("octo-org/octo-repo-2")).isFalse();
        assertThat(filter.repositoryAllowed("octo-org/other")).isFalse();
        assertThat(filter.repositoryAllowed("other-org/anything")).isTrue();
        assertThat(filter.repositoryAllowed("other-org-2/anything")).isFalse();
        assertThat(filter.repositoryAllowed("other-org")).isFalse();
        assertThat(filter.repositoryAllowed(null)).isFalse();
    }

    @Test
    void emptyAllowListAllowsNoRepository() {
        assertThat(filter(List.of(), List.of(), null).whyIgnored(failure("octo-org/octo-repo", "main", "failure")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not in the allow-list"));
    }

    @Test
    void onlyOwnerNameOrOwnerWildcardAreWellFormedRepositoryPatterns() {
        assertThat(RepositoryPattern.isWellFormed("octo-org/octo-repo")).isTrue();
        assertThat(RepositoryPattern.isWellFormed("octo-org/*")).isTrue();
        assertThat(RepositoryPattern.isWellFormed("*/*")).isFalse();
        assertThat(RepositoryPattern.isWellFormed("octo-*/repo")).isFalse();
        assertThat(RepositoryPattern.isWellFormed("octo-org")).isFalse();
        assertThat(new GitHubWebhookConfig(List.of("s"), "acme", null, List.of("octo-*"), null, null, null, null, null)
                .isRepositoryListWellFormed()).isFalse();
    }

    @Test
    void branchFilterMatchesExactNamesAndGlobsAndEmptyAllowsAll() {
        DeliveryFilter any = filter(List.of("o/r"), List.of(), null);
        assertThat(any.whyIgnored(failure("o/r", "feature/x", "failure"))).isEmpty();

        DeliveryFilter some = filter(List.of("o/r"), List.of("main", "release/*"), null);
        assertThat(some.whyIgnored(failure("o/r", "main", "failure"))).isEmpty();
        assertThat(some.whyIgnored(failure("o/r", "release/1.2", "failure"))).isEmpty();
        assertThat(some.whyIgnored(failure("o/r", "mainline", "failure"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("branch 'mainline'"));
        assertThat(some.whyIgnored(failure("o/r", null, "failure"))).isPresent();
        // Only '*' is special: a dot in a branch name is a dot.
        assertThat(filter(List.of("o/r"), List.of("v1.0"), null).branchAllowed("v1x0")).isFalse();
    }

    @Test
    void failingConclusionsDefaultToFailureTimedOutAndStartupFailure() {
        DeliveryFilter filter = filter(List.of("o/r"), List.of(), null);
        for (String failing : List.of("failure", "timed_out", "startup_failure")) {
            assertThat(filter.whyIgnored(failure("o/r", "main", failing))).as(failing).isEmpty();
        }
        for (String other : List.of("success", "cancelled", "skipped", "neutral", "action_required")) {
            assertThat(filter.whyIgnored(failure("o/r", "main", other))).as(other).isPresent();
        }
        assertThat(filter.whyIgnored(failure("o/r", "main", null))).isPresent();
    }

    @Test
    void configuredConclusionsReplaceTheDefault() {
        DeliveryFilter filter = filter(List.of("o/r"), List.of(), Set.of("cancelled"));
        assertThat(filter.whyIgnored(failure("o/r", "main", "cancelled"))).isEmpty();
        assertThat(filter.whyIgnored(failure("o/r", "main", "failure"))).isPresent();
    }

    @Test
    void failureFixtureBecomesTheCompactFailureAndItsKeys() throws IOException {
        WorkflowRunEvent event = fixture(GitHubFixtures.FAILURE);
        assertThat(event.idempotencyKey()).isEqualTo("webhook:github:octo-org/octo-repo:289782451:1");
        assertThat(event.sender()).isEqualTo("Codertocat");
        CiFailure failure = CiFailure.of("acme", event, new FailureReport(FoundBy.DELIVERY, "d-1", null, null));
        assertThat(failure.semanticKey()).isEqualTo(event.idempotencyKey());
        assertThat(failure.headSha()).isEqualTo("3484a3fb816e0859fd6e1cea078d76385ff50625");
        assertThat(failure.branch()).isEqualTo("master");
        assertThat(failure.inputEntry().toString()).isEqualTo("{\"workflow\":\"test\","
                + "\"workflowPath\":\".github/workflows/test.yml\",\"runId\":289782451,\"attempt\":1,"
                + "\"htmlUrl\":\"https://github.com/octo-org/octo-repo/actions/runs/289782451\","
                + "\"conclusion\":\"failure\",\"actor\":\"Codertocat\"}");
        assertThat(failure.batchKey(2)).isEqualTo("webhook:github:octo-org/octo-repo@3484a3fb816e0859fd6e1cea078d76385ff50625:2");
    }
}
