package dev.graphlaunch.gateway.usage;

import static dev.graphlaunch.gateway.support.ProblemResponses.invalidRequest;
import static dev.graphlaunch.gateway.support.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.support.AuthHelper;
import dev.graphlaunch.gateway.support.FakeDao;
import dev.graphlaunch.gateway.support.FakeDao.Call;
import dev.graphlaunch.gateway.support.GatewayResources;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/usage}: who may read it, which ranges and groupings are refused, what the DAO is asked. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UsageResourceTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final FakeDao<UsageDao> USAGE = FakeDao.of(UsageDao.class);
    private static final ResourceExtension RESOURCES = GatewayResources.of(
            new UsageResource(USAGE.dao(), Clock.fixed(NOW, ZoneOffset.UTC)));
    private static final String INSTANT_HINT = " must be an ISO-8601 instant such as 2026-11-25T00:00:00Z,"
            + " or a date such as 2026-11-25 (start of that day, UTC).";

    @BeforeEach
    void noReceipts() {
        USAGE.reset();
        USAGE.answer("sum", args -> List.of());
    }

    private static WebTarget usage() {
        return RESOURCES.target("/api/v1/usage");
    }

    private static Response read(WebTarget target) {
        return target.request().header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.USAGE_READ)).get();
    }

    private static Call theQuery() {
        return USAGE.calls("sum").get(0);
    }

    private static OffsetDateTime utc(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }

    @Test
    void readingWithoutAKeyIs401() {
        problem(usage().request().get(), 401);

        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void runsReadIsNotEnoughToSeeCosts() {
        Response response = usage().request()
                .header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.RUNS_READ, Scopes.RUNS_WRITE)).get();

        assertThat(problem(response, 403).detail()).isEqualTo("This API key lacks the 'usage:read' scope.");
        assertThat(USAGE.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-13-01", "2026-11-25T00:00:00", "1732492800"})
    void aFromThatIsNoInstantOrDateIs400(String from) {
        assertThat(invalidRequest(read(usage().queryParam("from", from)))).isEqualTo("'from'" + INSTANT_HINT);
        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void aToThatIsNoInstantOrDateIs400() {
        assertThat(invalidRequest(read(usage().queryParam("to", "now")))).isEqualTo("'to'" + INSTANT_HINT);
        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void anEmptyRangeIs400() {
        String detail = invalidRequest(read(usage().queryParam("from", "2026-11-25").queryParam("to", "2026-11-25")));

        assertThat(detail).isEqualTo("'from' must be before 'to'.");
        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void aRangeEndingBeforeItStartsIs400() {
        String detail = invalidRequest(read(usage().queryParam("from", "2026-11-26").queryParam("to", "2026-11-25")));

        assertThat(detail).isEqualTo("'from' must be before 'to'.");
    }

    @Test
    void aRangeOfMoreThan400DaysIs400() {
        String detail = invalidRequest(read(usage().queryParam("from", "2025-01-01").queryParam("to", "2026-02-06")));

        assertThat(detail).isEqualTo("The range may span at most 400 days.");
        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void aRangeOfExactly400DaysIsRead() {
        Response response = read(usage().queryParam("from", "2025-01-01").queryParam("to", "2026-02-05"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(theQuery().arg(3)).isEqualTo(utc("2026-02-05T00:00:00Z"));
    }

    @Test
    void anUnknownGroupingIs400AndListsTheGroupings() {
        String detail = invalidRequest(read(usage().queryParam("groupBy", "model")));

        assertThat(detail).isEqualTo("'groupBy' must be one of graph, runKind, day.");
        assertThat(USAGE.calls()).isEmpty();
    }

    @Test
    void withoutParametersTheLast30DaysOfTheCallersTenantAreSummed() {
        UsageReport report = read(usage()).readEntity(UsageReport.class);

        assertThat(report.from()).isEqualTo(Instant.parse("2026-10-30T12:00:00Z"));
        assertThat(report.to()).isEqualTo(NOW);
        assertThat(theQuery().args()).containsExactly(GroupBy.NONE, AuthHelper.TENANT,
                utc("2026-10-30T12:00:00Z"), utc("2026-11-29T12:00:00Z"));
        assertThat(report.totals().receipts()).isZero();
        assertThat(report.groups()).isNull();
    }

    @Test
    void aDateMeansTheStartOfThatDayInUtcAndAnOffsetIsHonoured() {
        read(usage().queryParam("from", "2026-11-01").queryParam("to", "2026-11-25T01:00:00+01:00"));

        assertThat(theQuery().arg(2)).isEqualTo(utc("2026-11-01T00:00:00Z"));
        assertThat(theQuery().arg(3)).isEqualTo(utc("2026-11-25T00:00:00Z"));
    }

    @Test
    void groupedUsageListsTheGroupsAndTotalsThem() {
        USAGE.answer("sum", args -> List.of(
                new UsageGroup("2026-11-27", 2, 10, 20, new BigDecimal("0.50"), new BigDecimal("500")),
                new UsageGroup("2026-11-28", 1, 5, 5, new BigDecimal("0.25"), new BigDecimal("250"))));

        UsageReport report = read(usage().queryParam("groupBy", "day")).readEntity(UsageReport.class);

        assertThat(theQuery().arg(0)).isEqualTo(GroupBy.DAY.sql);
        assertThat(report.groupBy()).isEqualTo("day");
        assertThat(report.groups()).extracting(UsageGroup::key).containsExactly("2026-11-27", "2026-11-28");
        assertThat(report.totals().receipts()).isEqualTo(3);
        assertThat(report.totals().tokensIn()).isEqualTo(15);
        assertThat(report.totals().cost()).isEqualByComparingTo("0.75");
        assertThat(report.totals().credits()).isEqualByComparingTo("750");
    }
}
