package dev.graphlaunch.gateway.support;

import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.gateway.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database migrated with the production changelog, one per test class. Liquibase runs once per
 * JVM, into a template; each class gets a copy of it ({@code CREATE DATABASE … TEMPLATE}), which
 * takes a fraction of a migration's time. Register it as a static field:
 * {@code @RegisterExtension static final MigratedDatabase DB = new MigratedDatabase();}
 */
public final class MigratedDatabase implements BeforeAllCallback {
    private static String template;

    private Jdbi jdbi;

    @Override
    public void beforeAll(ExtensionContext context) {
        jdbi = TestDatabases.jdbi(copyOfTemplate());
    }

    /** Configured as production configures it (jsonb, timestamptz, text[]). */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** A DAO that takes a connection per call, as resources get theirs. */
    public <T> T dao(Class<T> type) {
        return jdbi.onDemand(type);
    }

    private static synchronized String migratedTemplate() {
        if (template == null) {
            String name = "migrated_template_" + suffix();
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(EmbeddedDatabase.shared().createDatabase(name));
            dataSource.setUser(EmbeddedDatabase.USER);
            dataSource.setPassword(EmbeddedDatabase.PASSWORD);
            Migrations.apply(dataSource);
            template = name;
        }
        return template;
    }

    private static String copyOfTemplate() {
        EmbeddedDatabase server = EmbeddedDatabase.shared();
        String source = migratedTemplate();
        String name = "dao_" + suffix();
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl("postgres"), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
                Statement statement = connection.createStatement()) {
            // Names are ours (a fixed prefix and hex), never input: safe to put in the statement.
            statement.execute("create database \"" + name + "\" template \"" + source + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not copy the migrated template " + source, e);
        }
        return server.jdbcUrl(name);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
