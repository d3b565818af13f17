package dev.graphlaunch.devstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local dev stack's PostgreSQL until SIGTERM or SIGINT.
 *
 * <p>Usage: {@code java -jar devstack/target/devstack.jar --port 15432 --data-dir .dev/postgres}.
 * Prints one line, {@code postgres ready <jdbc url>}, on stdout once it accepts connections, so a
 * script can wait for it; everything else goes to stderr.
 */
public final class DevPostgresMain {

    private DevPostgresMain() {}

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: devstack.jar --port N --data-dir DIR");
            System.exit(2);
            return;
        }

        EmbeddedDatabase database = EmbeddedDatabase.startPersistent(options.port(), options.dataDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            database.close();
            stopped.countDown();
        }, "dev-postgres-stop"));

        System.out.println("postgres ready " + database.jdbcUrl("postgres"));
        System.out.flush();
        stopped.await();
    }

    record Options(int port, Path dataDir) {

        static Options parse(String[] args) {
            Integer port = null;
            Path dataDir = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> port = parsePort(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (port == null || dataDir == null) {
                throw new IllegalArgumentException("--port and --data-dir are required");
            }
            return new Options(port, dataDir);
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + value);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: " + value, e);
            }
        }
    }
}
