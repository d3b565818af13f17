package dev.graphlaunch.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and resolves API keys. Keys carry 256 random bits, so a plain SHA-256 is the right hash:
 * a slow password hash would only slow every request without adding safety against guessing.
 */
public class ApiKeys {
    private static final String KEY_PREFIX = "glg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyDao keys;

    public ApiKeys(ApiKeyDao keys) {
        this.keys = keys;
    }

    /** The new key, returned once: only its hash is stored. */
    public record IssuedKey(UUID id, String key) {}

    /** @throws IllegalArgumentException for a tenant id {@link TenantIds} refuses; nothing is stored */
    public IssuedKey issue(String tenantId, String principal, List<String> scopes, String description) {
        TenantIds.require(tenantId);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        keys.insert(id, tenantId, principal, hash(key), key.substring(0, KEY_PREFIX.length() + 6),
                scopes.toArray(String[]::new), description);
        return new IssuedKey(id, key);
    }

    /** The active key's principal, or empty for an unknown or revoked key. */
    public Optional<ApiPrincipal> resolve(String key) {
        return keys.findByHash(hash(key))
                .filter(ApiKey::isActive)
                .map(ApiKey::toPrincipal);
    }

    public Optional<ApiKey> find(UUID id) {
        return keys.findById(id);
    }

    public boolean revoke(UUID id) {
        return keys.revoke(id) == 1;
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
