package dev.graphlaunch.gateway.events;

import static dev.graphlaunch.gateway.support.ProblemResponses.invalidRequest;
import static dev.graphlaunch.gateway.support.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEvent;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunIdParamConverter;
import dev.graphlaunch.gateway.support.AuthHelper;
import dev.graphlaunch.gateway.support.FakeDao;
import dev.graphlaunch.gateway.support.GatewayResources;
import dev.graphlaunch.gateway.support.TestRuns;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/runs/{id}/events} as JSON: who may read, which positions are refused, what a page says. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RunEventsResourceTest {
    private static final FakeDao<GraphRunDao> RUNS = FakeDao.of(GraphRunDao.class);
    private static final FakeDao<RunEventDao> EVENTS = FakeDao.of(RunEventDao.class);
    private static final ResourceExtension RESOURCES = GatewayResources.of(new RunIdParamConverter(),
            new RunEventsResource(RUNS.dao(), EVENTS.dao(), new RunEventStreams(EVENTS.dao(), GatewayResources.mapper(),
                    Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(10), 100)));
    private static final GraphRun RUN = TestRuns.readBack(AuthHelper.TENANT, RunStatus.RUNNING, Instant.now());

    @BeforeEach
    void aRunningRunWithoutEvents() {
        RUNS.reset();
        EVENTS.reset();
        RUNS.answer("findForTenant", args -> Optional.of(RUN).filter(run -> run.id().equals(args[1])));
        givenRun(RunStatus.RUNNING, 0);
    }

    private static void givenRun(RunStatus status, int events) {
        EVENTS.answer("runStatus", args -> Optional.of(status));
        EVENTS.answer("after", args -> LongStream.rangeClosed((long) args[1] + 1, (long) args[1] + events)
                .limit((int) args[2])
                .mapToObj(seq -> new RunEvent(seq, "delta", JsonNodeFactory.instance.objectNode(), Instant.now()))
                .toList());
    }

    private static WebTarget events(Object runId) {
        return RESOURCES.target("/api/v1/runs/" + runId + "/events");
    }

    private static Response read(WebTarget target) {
        return target.request(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.RUNS_READ)).get();
    }

    private static List<FakeDao.Call> eventQueries() {
        return EVENTS.calls("after");
    }

    @Test
    void readingWithoutAKeyIs401() {
        problem(events(RUN.id()).request(MediaType.APPLICATION_JSON).get(), 401);

        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void readingWithoutRunsReadIs403() {
        Response response = events(RUN.id()).request(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.RUNS_WRITE)).get();

        assertThat(problem(response, 403).detail()).isEqualTo("This API key lacks the 'runs:read' scope.");
        assertThat(RUNS.calls()).isEmpty();
    }

    @Test
    void aRunIdThatIsNoUuidIs404WithoutAskingTheDatabase() {
        assertThat(problem(read(events("nope")), 404).detail()).isEqualTo("No run 'nope' exists for this tenant.");
        assertThat(RUNS.queries()).isEmpty();
        assertThat(EVENTS.calls()).isEmpty();
    }

    @Test
    void aRunTheCallersTenantDoesNotHaveIs404() {
        UUID elsewhere = UUID.randomUUID();

        problem(read(events(elsewhere)), 404);

        assertThat(RUNS.calls("findForTenant")).singleElement()
                .satisfies(call -> assertThat(call.args()).containsExactly(AuthHelper.TENANT, elsewhere));
        assertThat(eventQueries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "first", "1e3", "9223372036854775808"})
    void anAfterThatIsNoEventSeqIs400(String after) {
        String detail = invalidRequest(read(events(RUN.id()).queryParam("after", after)));

        assertThat(detail).isEqualTo("'after' must be a whole number of 0 or more (an event seq).");
        assertThat(eventQueries()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "many"})
    void aLimitThatIsNoWholeNumberIs400(String limit) {
        String detail = invalidRequest(read(events(RUN.id()).queryParam("limit", limit)));

        assertThat(detail).startsWith("'limit' must be a whole number of 0 or more");
        assertThat(eventQueries()).isEmpty();
    }

    @Test
    void aLimitOfZeroIs400() {
        String detail = invalidRequest(read(events(RUN.id()).queryParam("limit", "0")));

        assertThat(detail).isEqualTo("'limit' must be from 1 to 1000.");
        assertThat(eventQueries()).isEmpty();
    }

    @Test
    void aLimitAbove1000IsCappedNotRefused() {
        assertThat(read(events(RUN.id()).queryParam("limit", "5000")).getStatus()).isEqualTo(200);

        assertThat(eventQueries()).singleElement().satisfies(call -> assertThat(call.arg(2)).isEqualTo(1000));
    }

    @Test
    void withoutPositionTheFirst500EventsAreAskedFor() {
        read(events(RUN.id()));

        assertThat(eventQueries()).singleElement()
                .satisfies(call -> assertThat(call.args()).containsExactly(RUN.id(), 0L, 500));
    }

    @Test
    void aPageOfARunningRunIsNeverComplete() {
        RunEventPage page = read(events(RUN.id()).queryParam("after", "3")).readEntity(RunEventPage.class);

        assertThat(page.runStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(page.items()).isEmpty();
        assertThat(page.next()).as("nothing new: ask from the same place again").isEqualTo(3);
        assertThat(page.complete()).isFalse();
    }

    @Test
    void theLastPageOfAnEndedRunIsComplete() {
        givenRun(RunStatus.SUCCEEDED, 2);

        RunEventPage page = read(events(RUN.id()).queryParam("after", "4")).readEntity(RunEventPage.class);

        assertThat(page.items()).extracting(RunEvent::seq).containsExactly(5L, 6L);
        assertThat(page.next()).isEqualTo(6);
        assertThat(page.complete()).isTrue();
    }

    @Test
    void aFullPageOfAnEndedRunIsNotCompleteYet() {
        givenRun(RunStatus.FAILED, 10);

        RunEventPage page = read(events(RUN.id()).queryParam("limit", "3")).readEntity(RunEventPage.class);

        assertThat(page.items()).hasSize(3);
        assertThat(page.complete()).isFalse();
    }
}
