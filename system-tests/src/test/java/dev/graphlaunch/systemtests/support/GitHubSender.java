package dev.graphlaunch.systemtests.support;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Delivers GitHub's payload examples to the gateway as GitHub does: raw bytes, signed, with its headers. */
public final class GitHubSender {
    /** The webhook secret of system-gateway.yml. */
    public static final String SECRET = "system-test-webhook-secret";
    // The gateway module's byte-for-byte copies; tests run with the module directory as working directory.
    private static final Path FIXTURES = Path.of("..", "gateway", "src", "test", "resources", "github");

    private GitHubSender() {}

    public static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reply deliver(HttpJson http, byte[] body, String event, String deliveryId) {
        return http.post("/api/v1/webhooks/github", null, body, "application/json", Map.of(
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", deliveryId,
                "X-GitHub-Hook-ID", "292430182",
                "X-Hub-Signature-256", sign(body)));
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
