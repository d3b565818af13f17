package dev.graphlaunch.gateway.usage;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** What the caller's tenant used, summed from its charge receipts (the billing record itself). */
@Path("/api/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(400);

    private final UsageDao usage;
    private final Clock clock;

    public UsageResource(UsageDao usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @GET
    public UsageReport usage(@Auth ApiPrincipal caller, @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam, @QueryParam("groupBy") String groupByParam) {
        caller.require(Scopes.USAGE_READ);
        Instant to = toParam == null ? clock.instant() : instant("to", toParam);
        Instant from = fromParam == null ? to.minus(DEFAULT_RANGE) : instant("from", fromParam);
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("'from' must be before 'to'.");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("The range may span at most " + MAX_RANGE.toDays() + " days.");
        }
        GroupBy groupBy = groupByParam == null ? null : GroupBy.fromWire(groupByParam).orElseThrow(
                () -> new InvalidRequestException("'groupBy' must be one of graph, runKind, day."));
        List<UsageGroup> groups =
                usage.sum(groupBy == null ? GroupBy.NONE : groupBy.sql, caller.tenantId(), utc(from), utc(to));
        UsageGroup totals = groups.stream().reduce(UsageGroup::plus)
                .map(sum -> new UsageGroup(null, sum.receipts(), sum.tokensIn(), sum.tokensOut(), sum.cost(), sum.credits()))
                .orElse(new UsageGroup(null, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
        return new UsageReport(from, to, groupBy == null ? null : groupBy.wire, totals, groupBy == null ? null : groups);
    }

    /** An ISO-8601 instant ({@code 2026-11-25T00:00:00Z}) or a date, meaning its start in UTC. */
    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException malformed) {
            throw new InvalidRequestException("'" + name + "' must be an ISO-8601 instant such as"
                    + " 2026-11-25T00:00:00Z, or a date such as 2026-11-25 (start of that day, UTC).");
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
