package dev.graphlaunch.gateway.db;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.RunStatus;
import io.dropwizard.db.DataSourceFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What every DAO relies on: jsonb as {@link JsonNode}, timestamptz as {@link Instant}, text[] as
 * String[], and statuses, kinds, sources and codes as their wire names.
 */
public final class Database {
    private static final String CONNECTION_STATE = "ConnectionState";

    private Database() {}

    /** A Jdbi for a CLI command, which has no Dropwizard environment to manage a pool. */
    public static Jdbi forCommand(DataSourceFactory factory, MetricRegistry metrics, ObjectMapper mapper, String name) {
        return configure(Jdbi.create(withConnectionState(factory).build(metrics, name))
                .installPlugin(new SqlObjectPlugin()), mapper);
    }

    /**
     * Adds Tomcat's {@code ConnectionState} interceptor to the pool {@code factory} builds. JDBI asks
     * for the isolation level at the start of every transaction, and the PostgreSQL driver answers
     * that with a round trip ({@code SHOW TRANSACTION ISOLATION LEVEL}); the interceptor answers
     * from the state it saw set on the connection. Interceptors already configured are kept.
     */
    public static DataSourceFactory withConnectionState(DataSourceFactory factory) {
        String configured = factory.getJdbcInterceptors().orElse("").trim();
        if (!configured.contains(CONNECTION_STATE)) {
            factory.setJdbcInterceptors(Optional.of(configured.isEmpty() ? CONNECTION_STATE
                    : configured + ";" + CONNECTION_STATE));
        }
        return factory;
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
