package dev.graphlaunch.gateway.runs;

import static dev.graphlaunch.gateway.support.ProblemResponses.invalidRequest;
import static dev.graphlaunch.gateway.support.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.TriggerSource;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.paging.Cursor;
import dev.graphlaunch.gateway.support.AuthHelper;
import dev.graphlaunch.gateway.support.FakeDao;
import dev.graphlaunch.gateway.support.FakeDao.Call;
import dev.graphlaunch.gateway.support.GatewayResources;
import dev.graphlaunch.gateway.support.TestRuns;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/runs}: who may list, which parameters are refused and with what, what reaches the DAO. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunsResourceTest {
    private static final FakeDao<GraphRunDao> RUNS = FakeDao.of(GraphRunDao.class);
    private static final ResourceExtension RESOURCES =
            GatewayResources.of(new RunIdParamConverter(), new RunsResource(RUNS.dao(), FakeDao.of(RunSlotDao.class).dao()));
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @BeforeEach
    void noRuns() {
        RUNS.reset();
        RUNS.answer("list", args -> List.of());
    }

    private static WebTarget runs() {
        return RESOURCES.target("/api/v1/runs");
    }

    private static Response list(WebTarget target) {
        return target.request().header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.RUNS_READ)).get();
    }

    @Test
    void listingWithoutAKeyIs401WithTheBearerChallenge() {
        Response response = runs().request().get();

        assertThat(problem(response, 401).type()).isEqualTo("/problems/unauthorized");
        assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void listingWithAnUnknownKeyIs401() {
        Response response = runs().request().header(HttpHeaders.AUTHORIZATION, "Bearer not-a-key").get();

        problem(response, 401);
    }

    @Test
    void listingWithoutRunsReadIs403AndNamesTheScope() {
        Response response = runs().request()
                .header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.RUNS_WRITE, Scopes.USAGE_READ)).get();

        assertThat(problem(response, 403).detail()).isEqualTo("This API key lacks the 'runs:read' scope.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void anUnknownStatusIs400AndListsTheStatuses() {
        String detail = invalidRequest(list(runs().queryParam("status", "done")));

        assertThat(detail).isEqualTo(
                "'status' must be one of accepted, queued, running, succeeded, failed, cancelled, skipped.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void anUnknownRunKindIs400AndListsTheKinds() {
        String detail = invalidRequest(list(runs().queryParam("runKind", "USER_IMMEDIATE")));

        assertThat(detail).isEqualTo("'runKind' must be one of user_immediate, system_scheduled, system_webhook.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "ten", "1.5", ""})
    void aLimitOutsideOneTo200Is400(String limit) {
        String detail = invalidRequest(list(runs().queryParam("limit", limit)));

        assertThat(detail).isEqualTo("'limit' must be a whole number from 1 to 200.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void aCursorThisApiNeverReturnedIs400() {
        String detail = invalidRequest(list(runs().queryParam("cursor", "bm90LWEtY3Vyc29y")));

        assertThat(detail).isEqualTo("'cursor' is not a cursor this API returned.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void aNulInAFilterIs400BeforeItReachesTheDao() {
        String detail = invalidRequest(list(runs().queryParam("graphId", "builtin:echo\u0000")));

        assertThat(detail).isEqualTo(
                "The query parameter 'graphId' must not contain NUL (U+0000) or an unpaired UTF-16 surrogate.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void everyFilterReachesTheDaoForTheCallersTenantOnly() {
        Response response = list(runs().queryParam("status", "running")
                .queryParam("runKind", RunKind.SYSTEM_WEBHOOK.wire())
                .queryParam("triggerSource", TriggerSource.GITHUB_WEBHOOK.wire())
                .queryParam("graphId", "builtin:ci-failure-triage")
                .queryParam("limit", "5"));

        assertThat(response.getStatus()).isEqualTo(200);
        Call call = RUNS.calls("list").get(0);
        assertThat(call.arg(0)).isEqualTo(AuthHelper.TENANT);
        assertThat(call.arg(1)).isEqualTo(new RunFilter(RunStatus.RUNNING, RunKind.SYSTEM_WEBHOOK,
                TriggerSource.GITHUB_WEBHOOK.wire(), "builtin:ci-failure-triage"));
        assertThat(call.arg(4)).as("one more than the limit, to know whether a next page exists").isEqualTo(6);
    }

    @Test
    void aFullPageHandsOutTheCursorThatContinuesAfterItsLastRun() {
        List<GraphRun> stored = IntStream.range(0, 3)
                .mapToObj(i -> TestRuns.readBack(AuthHelper.TENANT, RunStatus.SUCCEEDED, T0.minusSeconds(i)))
                .toList();
        RUNS.answer("list", args -> stored);

        RunPage page = list(runs().queryParam("limit", "2")).readEntity(RunPage.class);
        list(runs().queryParam("limit", "2").queryParam("cursor", page.nextCursor()));

        assertThat(page.items()).extracting(RunView::runId)
                .containsExactly(stored.get(0).id().toString(), stored.get(1).id().toString());
        Call next = RUNS.calls("list").get(1);
        assertThat(next.arg(2)).isEqualTo(T0.minusSeconds(1).atOffset(ZoneOffset.UTC));
        assertThat(next.arg(3)).isEqualTo(stored.get(1).id());
        assertThat(Cursor.decode(page.nextCursor())).isEqualTo(new Cursor(T0.minusSeconds(1), stored.get(1).id()));
    }

    @Test
    void theLastPageHasNoCursor() {
        RUNS.answer("list", args -> List.of(TestRuns.readBack(AuthHelper.TENANT, RunStatus.QUEUED, T0)));

        RunPage page = list(runs()).readEntity(RunPage.class);

        assertThat(page.items()).hasSize(1);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void aRunIdThatIsNoUuidIs404WithoutAskingTheDatabase() {
        Response response = list(runs().path("not-a-uuid"));

        assertThat(problem(response, 404).detail()).isEqualTo("No run 'not-a-uuid' exists for this tenant.");
        assertThat(RUNS.queries()).isEmpty();
    }
}
