package dev.graphlaunch.gateway.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Active API keys resolved within the last {@code ttl}, by key hash, so that an authenticated
 * request does not read {@code api_keys} every time. The price is that a revocation takes effect on
 * each replica within {@code ttl} (at once for a key revoked through this replica). Unknown and
 * revoked keys are never kept: a flood of wrong keys cannot fill it, and a new key works at once.
 */
final class ResolvedKeys {
    /** A bound, not a working size: past it the cache starts over and the next requests read the table. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(ApiPrincipal principal, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    ResolvedKeys(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    Optional<ApiPrincipal> get(String keyHash) {
        Entry entry = entries.get(keyHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.expiresAt() >= 0) {
            entries.remove(keyHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.principal());
    }

    void put(String keyHash, ApiPrincipal principal) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(keyHash, new Entry(principal, nanoTime.getAsLong() + ttlNanos));
    }

    void forget(UUID keyId) {
        entries.values().removeIf(entry -> entry.principal().keyId().equals(keyId));
    }
}
