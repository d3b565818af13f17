package dev.graphlaunch.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Issues and resolves API keys. Keys carry 256 random bits, so a plain SHA-256 is the right hash:
 * a slow password hash would only slow every request without adding safety against guessing.
 * The gateway resolves through a short-lived cache ({@link ResolvedKeys}: a revoked key stops
 * authenticating within {@code apiKeyCacheTtl}); the CLI commands and grant checks read the table.
 */
public class ApiKeys {
    private static final String KEY_PREFIX = "glg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyDao keys;
    private final ResolvedKeys resolved;

    /** Without a cache: every resolve reads the table. */
    public ApiKeys(ApiKeyDao keys) {
        this(keys, Duration.ZERO);
    }

    /** @param cacheTtl how long a resolved active key is trusted without reading the table again */
    public ApiKeys(ApiKeyDao keys, Duration cacheTtl) {
        this(keys, cacheTtl, System::nanoTime);
    }

    ApiKeys(ApiKeyDao keys, Duration cacheTtl, LongSupplier nanoTime) {
        this.keys = keys;
        this.resolved = new ResolvedKeys(cacheTtl, nanoTime);
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
        String keyHash = hash(key);
        Optional<ApiPrincipal> cached = resolved.get(keyHash);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<ApiPrincipal> active = keys.findByHash(keyHash)
                .filter(ApiKey::isActive)
                .map(ApiKey::toPrincipal);
        active.ifPresent(principal -> resolved.put(keyHash, principal));
        return active;
    }

    public Optional<ApiKey> find(UUID id) {
        return keys.findById(id);
    }

    public boolean revoke(UUID id) {
        boolean revoked = keys.revoke(id) == 1;
        resolved.forget(id);
        return revoked;
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
