package dev.graphlaunch.gateway.triggers.webhook.catchup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.support.FakeGitHub;
import dev.graphlaunch.gateway.support.FakeGitHub.Fault;
import dev.graphlaunch.gateway.support.FakeGitHub.Seen;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against the fake GitHub API on loopback: pagination, rate limits, 5xx, auth. */
class GitHubActionsApiTest {
    private static final String TOKEN = "ghs_test-installation-token";
    private static final String REPO = "octo-org/octo-repo";
    private final Instant now = Instant.now();
    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = new FakeGitHub(TOKEN);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubActionsApi api(String token, Duration maxRateLimitWait) {
        CatchUpConfig config = new CatchUpConfig(true, null, null, github.apiUrl(), token, null, null,
                maxRateLimitWait, Duration.seconds(5));
        return new GitHubActionsApi(config, new ObjectMapper(), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    private List<JsonNode> list(GitHubActionsApi api) throws InterruptedException {
        return api.listRuns(REPO, "failure", now.minus(1, ChronoUnit.DAYS));
    }

    @Test
    void followsLinkPaginationAcrossPagesSendingTheHeadersGitHubAsksFor() throws Exception {
        for (int i = 0; i < 5; i++) {
            github.addRun(REPO, 1000 + i, 1, "failure", "master", now.minusSeconds(60 * i));
        }
        github.addRun(REPO, 2000, 1, "success", "master", now);
        github.addRun(REPO, 2001, 1, "failure", "master", now.minus(2, ChronoUnit.DAYS));
        github.pageSize(2);

        List<JsonNode> runs = list(api(TOKEN, Duration.minutes(1)));

        assertThat(runs).extracting(run -> run.path("id").asLong()).containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
        List<Seen> requests = github.requests();
        assertThat(requests).hasSize(3).allSatisfy(request -> {
            assertThat(request.answered()).isEqualTo(200);
            assertThat(request.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                    .containsEntry("accept", "application/vnd.github+json")
                    .containsEntry("x-github-api-version", "2022-11-28");
        });
        assertThat(requests.get(0).pathAndQuery()).startsWith("/api/v3/repos/octo-org/octo-repo/actions/runs?")
                .contains("status=failure", "per_page=100", "created=%3E%3D");
        assertThat(requests.get(2).pathAndQuery()).contains("page=3");
    }

    @Test
    void waitsOutA403RateLimitUntilItsResetInsteadOfHammering() throws Exception {
        github.addRun(REPO, 3000, 1, "failure", "master", now);
        github.failNext(Fault.RATE_LIMITED);

        List<JsonNode> runs = list(api(TOKEN, Duration.minutes(1)));

        assertThat(runs).hasSize(1);
        List<Seen> requests = github.requests();
        // The fake refuses every request before the reset: exactly one 403 means the client waited.
        assertThat(requests).extracting(Seen::answered).containsExactly(403, 200);
        assertThat(java.time.Duration.between(requests.get(0).at(), requests.get(1).at())).isPositive();
    }

    @Test
    void triesA5xxAgainWithBackoff() throws Exception {
        github.addRun(REPO, 4000, 1, "failure", "master", now);
        github.failNext(Fault.SERVER_ERROR, Fault.SERVER_ERROR);

        List<JsonNode> runs = list(api(TOKEN, Duration.minutes(1)));

        assertThat(runs).hasSize(1);
        assertThat(github.requests()).extracting(Seen::answered).containsExactly(502, 502, 200);
    }

    @Test
    void aRateLimitLongerThanTheAllowedWaitEndsTheListingWithoutAnotherRequest() {
        github.failNext(Fault.RATE_LIMITED);
        GitHubActionsApi api = api(TOKEN, Duration.milliseconds(100));

        assertThatThrownBy(() -> list(api)).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("rate limited by GitHub until").hasMessageContaining("maxRateLimitWait");
        assertThat(github.requests()).extracting(Seen::answered).containsExactly(403);
    }

    @Test
    void followsGitHubsRedirectForARenamedRepositoryOnTheSameHost() throws Exception {
        github.addRun("octo-org/new-name", 5000, 1, "failure", "master", now);
        github.rename(REPO, "octo-org/new-name");

        List<JsonNode> runs = list(api(TOKEN, Duration.minutes(1)));

        assertThat(runs).extracting(run -> run.path("id").asLong()).containsExactly(5000L);
        assertThat(github.requests()).extracting(Seen::answered).containsExactly(301, 200);
        assertThat(github.requests().get(1).headers()).containsEntry("authorization", "Bearer " + TOKEN);
    }

    @Test
    void aRejectedTokenEndsTheListingWithGitHubsMessageAndNeverTheToken() {
        String wrong = "github_pat_wrong-token-value";

        assertThatThrownBy(() -> list(api(wrong, Duration.minutes(1)))).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("401").hasMessageContaining("Bad credentials")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(TOKEN);
        assertThat(github.requests()).hasSize(1);
    }

    @Test
    void theConfigNeverPrintsTheToken() {
        CatchUpConfig config = new CatchUpConfig(true, null, null, null, TOKEN, null, null, null, null);

        assertThat(config.toString()).doesNotContain(TOKEN).contains("token=set");
    }
}
