package dev.graphlaunch.gateway.triggers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}. It sees only the
 * bytes as they arrived: JSON that was parsed and written again no longer verifies. Every secret is
 * tried (rotation), each compared in constant time so timing reveals nothing about the expected MAC.
 */
public class SignatureVerifier {
    static final String PREFIX = "sha256=";
    private static final int MAC_HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    public SignatureVerifier(List<String> secrets) {
        this.keys = secrets.stream()
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    public boolean verifies(byte[] rawBody, String signatureHeader) {
        byte[] presented = presentedMac(signatureHeader);
        if (presented == null) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            // No early exit: the time taken does not say which secret matched.
            matched |= MessageDigest.isEqual(mac(key, rawBody), presented);
        }
        return matched;
    }

    /** The MAC the header carries, or null when the header is absent or not {@code sha256=} + 64 hex digits. */
    private static byte[] presentedMac(String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + MAC_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private static byte[] mac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
