package dev.graphlaunch.gateway.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The caller's tenant's usage in {@code [from, to)}, in total and per group when asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageReport(Instant from, Instant to, String groupBy, UsageGroup totals, List<UsageGroup> groups) {}
