package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.gateway.db.Database;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A fresh database per test class on the JVM's one embedded PostgreSQL. */
public final class TestDatabases {
    private TestDatabases() {}

    public static String fresh(String prefix) {
        return EmbeddedDatabase.shared().createDatabase(prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static Jdbi jdbi(String jdbcUrl) {
        Jdbi jdbi = Jdbi.create(jdbcUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)
                .installPlugin(new SqlObjectPlugin());
        return Database.configure(jdbi, new ObjectMapper().findAndRegisterModules());
    }

    public static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from " + table).mapTo(Long.class).one());
    }
}
