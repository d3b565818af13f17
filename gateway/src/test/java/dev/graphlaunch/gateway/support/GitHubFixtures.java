package dev.graphlaunch.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's payload examples (copied into test resources byte for byte) and signing as GitHub does
 * it, written here independently of the gateway's verifier so a shared mistake cannot hide.
 */
public final class GitHubFixtures {
    public static final String FAILURE = "workflow_run.completed.failure.json";
    public static final String SUCCESS = "workflow_run.completed.success.json";
    public static final String REQUESTED = "workflow_run.requested.json";
    public static final String PING = "ping.json";
    public static final String JOB_FAILURE = "workflow_job.completed.failure.json";
    public static final String CHECK_SUITE = "check_suite.completed.json";

    private GitHubFixtures() {}

    public static byte[] bytes(String name) {
        try (InputStream in = GitHubFixtures.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256=} + lowercase hex HMAC-SHA256(secret, body), GitHub's X-Hub-Signature-256. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture with one literal replaced, e.g. {@code "run_attempt": 1} by {@code "run_attempt": 2}. */
    public static byte[] replace(byte[] body, String literal, String replacement) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains(literal)) {
            throw new IllegalArgumentException("fixture lacks " + literal);
        }
        return text.replace(literal, replacement).getBytes(StandardCharsets.UTF_8);
    }
}
