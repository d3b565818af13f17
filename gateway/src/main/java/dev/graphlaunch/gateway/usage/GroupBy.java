package dev.graphlaunch.gateway.usage;

import java.util.Arrays;
import java.util.Optional;

/** How the usage view may be grouped; each maps to a fixed SQL expression. */
enum GroupBy {
    GRAPH("graph", "r.graph_id"),
    RUN_KIND("runKind", "g.run_kind"),
    DAY("day", "to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD')");

    static final String NONE = "'total'";

    final String wire;
    final String sql;

    GroupBy(String wire, String sql) {
        this.wire = wire;
        this.sql = sql;
    }

    static Optional<GroupBy> fromWire(String value) {
        return Arrays.stream(values()).filter(groupBy -> groupBy.wire.equals(value)).findFirst();
    }
}
