package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private final SignatureVerifier verifier = new SignatureVerifier(List.of(SECRET));

    @Test
    void githubsDocumentedExampleVerifies() {
        // The example from GitHub's "Validating webhook deliveries" page.
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(sign(SECRET, body)).isEqualTo(expected);
        assertThat(verifier.verifies(body, expected)).isTrue();
    }

    @Test
    void fixtureSignedWithTheSecretVerifies() {
        byte[] body = bytes(FAILURE);
        assertThat(verifier.verifies(body, sign(SECRET, body))).isTrue();
    }

    @Test
    void uppercaseHexIsTheSameSignature() {
        byte[] body = bytes(FAILURE);
        String signature = sign(SECRET, body);
        assertThat(verifier.verifies(body, "sha256=" + signature.substring(7).toUpperCase())).isTrue();
    }

    @Test
    void wrongSecretIsRefused() {
        byte[] body = bytes(FAILURE);
        assertThat(verifier.verifies(body, sign("not the secret", body))).isFalse();
    }

    @Test
    void anyConfiguredSecretIsAccepted() {
        SignatureVerifier rotating = new SignatureVerifier(List.of("new-secret", "old-secret"));
        byte[] body = bytes(FAILURE);
        assertThat(rotating.verifies(body, sign("new-secret", body))).isTrue();
        assertThat(rotating.verifies(body, sign("old-secret", body))).isTrue();
        assertThat(rotating.verifies(body, sign("older-secret", body))).isFalse();
    }

    @Test
    void noSecretsVerifyNothing() {
        byte[] body = bytes(FAILURE);
        assertThat(new SignatureVerifier(List.of()).verifies(body, sign(SECRET, body))).isFalse();
    }

    @Test
    void truncatedSignatureIsRefused() {
        byte[] body = bytes(FAILURE);
        String signature = sign(SECRET, body);
        assertThat(verifier.verifies(body, signature.substring(0, signature.length() - 2))).isFalse();
        assertThat(verifier.verifies(body, "sha256=")).isFalse();
        assertThat(verifier.verifies(body, signature + "00")).isFalse();
    }

    @Test
    void nonHexOrOtherSchemeOrMissingSignatureIsRefused() {
        byte[] body = bytes(FAILURE);
        String hex = sign(SECRET, body).substring(7);
        assertThat(verifier.verifies(body, "sha256=" + "z" + hex.substring(1))).isFalse();
        assertThat(verifier.verifies(body, "sha1=" + hex)).isFalse();
        assertThat(verifier.verifies(body, hex)).isFalse();
        assertThat(verifier.verifies(body, " sha256=" + hex)).isFalse();
        assertThat(verifier.verifies(body, null)).isFalse();
    }

    @Test
    void signatureOverReserializedJsonDoesNotVerifyTheRawBytes() throws Exception {
        byte[] raw = bytes(FAILURE);
        ObjectMapper mapper = new ObjectMapper();
        byte[] reserialized = mapper.writeValueAsBytes(mapper.readTree(raw));
        assertThat(mapper.readTree(reserialized)).isEqualTo(mapper.readTree(raw));
        assertThat(verifier.verifies(raw, sign(SECRET, reserialized))).isFalse();
    }

    @Test
    void oneChangedByteIsRefused() {
        byte[] body = bytes(FAILURE);
        String signature = sign(SECRET, body);
        body[body.length / 2] ^= 1;
        assertThat(verifier.verifies(body, signature)).isFalse();
    }
}
