package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.gateway.db.Migrations;
import io.dropwizard.jackson.Jackson;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/** A migrated database of its own, for tests that drive the outbox without the HTTP layer. */
public final class PendingRuns {
    public static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    private PendingRuns() {}

    public static Jdbi migratedDatabase(String prefix) {
        String url = TestDatabases.fresh(prefix);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(EmbeddedDatabase.USER);
        Migrations.apply(dataSource);
        return TestDatabases.jdbi(url);
    }

    public static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
