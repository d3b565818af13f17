package dev.graphlaunch.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalDevServerIntegrationTest {

    @Test
    void serverRegistersProjectSearchAttributesAndFreesItsPortOnClose() throws Exception {
        int port;
        try (TemporalDevServer server = TemporalDevServer.start()) {
            port = server.port();
            assertThat(server.address()).isEqualTo("127.0.0.1:" + port);

            String attributes = cli("operator", "search-attribute", "list", "--address", server.address());

            assertThat(attributes).contains("TenantId", "TriggerRef");
        }

        assertThatCode(() -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void persistentServerKilledAndStartedAgainOnItsPortStillKnowsItsWorkflows(@TempDir Path dir) throws Exception {
        int port = TemporalDevServer.freePort();
        Path db = dir.resolve("temporal.db");
        TemporalDevServer first = TemporalDevServer.startPersistent(port, db, dir.resolve("temporal.log"));
        try {
            cli("workflow", "start", "--address", first.address(), "--type", "Nobody", "--task-queue", "nobody",
                    "--workflow-id", "survives-sigkill");
        } finally {
            first.kill();
        }

        try (TemporalDevServer second = TemporalDevServer.startPersistent(port, db, dir.resolve("temporal.log"))) {
            String described = cli("workflow", "describe", "--address", second.address(),
                    "--workflow-id", "survives-sigkill");

            assertThat(described).contains("survives-sigkill", "Nobody");
        }
        assertThat(db).exists();
    }

    private static String cli(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = TemporalDevServer.repositoryRoot().resolve(".tools/temporal/bin/temporal").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
