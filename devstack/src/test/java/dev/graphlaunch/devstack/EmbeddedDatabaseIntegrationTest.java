package dev.graphlaunch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIntegrationTest {

    @Test
    void createdDatabaseAnswersQueries() throws SQLException {
        EmbeddedDatabase database = EmbeddedDatabase.shared();

        String url = database.createDatabase("devstack_select_one");

        assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + database.port() + "/devstack_select_one");
        assertThat(queryInt(url, "select 1")).isEqualTo(1);
    }

    @Test
    void sharedServerIsStartedOncePerJvm() {
        assertThat(EmbeddedDatabase.shared()).isSameAs(EmbeddedDatabase.shared());
    }

    @Test
    void persistentServerKeepsTablesAcrossRestart(@TempDir Path dataDir) throws SQLException {
        int port = TemporalDevServer.freePort();
        try (EmbeddedDatabase first = EmbeddedDatabase.startPersistent(port, dataDir)) {
            execute(first.jdbcUrl("postgres"), "create table kept (id int primary key)", "insert into kept values (42)");
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.startPersistent(port, dataDir)) {
            assertThat(queryInt(second.jdbcUrl("postgres"), "select id from kept")).isEqualTo(42);
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int queryInt(String url, String sql) throws SQLException {
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }
}
