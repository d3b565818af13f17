package dev.graphlaunch.gateway.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies the changelog shipped in the jar, the same one {@code gateway db migrate} applies.
 * Liquibase's lock table makes concurrent replicas wait for each other instead of racing.
 */
public final class Migrations {
    public static final String CHANGELOG = "migrations/migrations.xml";

    private Migrations() {}

    @SuppressWarnings("deprecation") // Liquibase's command API is heavier for the same single call.
    public static void apply(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database).update(new Contexts());
        } catch (SQLException | LiquibaseException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }
}
