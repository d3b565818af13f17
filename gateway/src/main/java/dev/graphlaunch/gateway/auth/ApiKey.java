package dev.graphlaunch.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One row of {@code api_keys}; the key itself is never stored, only its SHA-256. */
public record ApiKey(
        UUID id,
        String tenantId,
        String principal,
        String keyHash,
        String keyPrefix,
        List<String> scopes,
        String description,
        Instant createdAt,
        Instant revokedAt) {

    public ApiPrincipal toPrincipal() {
        return new ApiPrincipal(id, tenantId, principal, Set.copyOf(scopes));
    }

    public boolean isActive() {
        return revokedAt == null;
    }
}
