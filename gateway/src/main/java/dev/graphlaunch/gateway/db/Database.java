package dev.graphlaunch.gateway.db;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.RunStatus;
import io.dropwizard.db.DataSourceFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What every DAO relies on: jsonb as {@link JsonNode}, timestamptz as {@link Instant}, text[] as
 * String[], and statuses, kinds, sources and codes as their wire names.
 */
public final class Database {
    private Database() {}

    /** A Jdbi for a CLI command, which has no Dropwizard environment to manage a pool. */
    public static Jdbi forCommand(DataSourceFactory factory, MetricRegistry metrics, ObjectMapper mapper, String name) {
        return configure(Jdbi.create(factory.build(metrics, name)).installPlugin(new SqlObjectPlugin()), mapper);
    }

    public static Jdbi configure(Jdbi jdbi, ObjectMapper mapper) {
        jdbi.registerArgument(new JsonbArgumentFactory(mapper));
        jdbi.registerArgument(new WireValueArgumentFactory());
        jdbi.registerColumnMapper(new WireValueColumnMapperFactory());
        jdbi.registerColumnMapper(JsonNode.class, new JsonbColumnMapper(mapper));
        jdbi.registerColumnMapper(Instant.class,
                (rs, column, ctx) -> {
                    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
                    return time == null ? null : time.toInstant();
                });
        jdbi.registerArrayType(String.class, "text");
        // The DAOs' <statusRank>: ranks come from the enum, so SQL and Java cannot disagree.
        jdbi.define("statusRank", RunStatus.sqlRank("status"));
        // Replaces the engine Dropwizard's JdbiFactory installs, which JDBI cannot cache (NamedStatementTemplates).
        jdbi.setTemplateEngine(new NamedStatementTemplates(new DefinedAttributeTemplateEngine()));
        return jdbi;
    }
}
