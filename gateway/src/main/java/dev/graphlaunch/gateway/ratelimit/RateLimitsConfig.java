package dev.graphlaunch.gateway.ratelimit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.graphlaunch.gateway.auth.TenantIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import java.util.Map;
import java.util.UUID;

/**
 * {@code rateLimits}: token buckets for the API triggers (docs/api.md, "Rate limits"). Every part is
 * optional and absent means unlimited, so a gateway without this section limits nothing: an
 * upgrade never starts refusing a client, and a deployment behind an API gateway that already
 * limits does not limit twice.
 *
 * @param perKey the bucket of every API key not listed in {@code keys}
 * @param perTenant the bucket of every tenant not listed in {@code tenants}
 * @param tenants a tenant's own bucket in place of {@code perTenant}
 * @param keys an API key's own bucket (by its id, as {@code keys-create} prints it) in place of {@code perKey}
 */
public record RateLimitsConfig(
        @Valid TokenBucketConfig perKey,
        @Valid TokenBucketConfig perTenant,
        Map<String, @Valid TokenBucketConfig> tenants,
        Map<UUID, @Valid TokenBucketConfig> keys) {

    public RateLimitsConfig {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    public static RateLimitsConfig off() {
        return new RateLimitsConfig(null, null, null, null);
    }

    @JsonIgnore
    public boolean enabled() {
        return perKey != null || perTenant != null || !tenants.isEmpty() || !keys.isEmpty();
    }

    /** @return null when the key is not limited */
    TokenBucketConfig forKey(UUID keyId) {
        return keys.getOrDefault(keyId, perKey);
    }

    /** @return null when the tenant is not limited */
    TokenBucketConfig forTenant(String tenantId) {
        return tenants.getOrDefault(tenantId, perTenant);
    }

    /** A misspelt tenant would silently get the default bucket instead of its own. */
    @JsonIgnore
    @AssertTrue(message = "rateLimits.tenants: every name must be a tenant id (" + TenantIds.RULE + ")")
    public boolean isEveryTenantNameATenantId() {
        return tenants.keySet().stream().allMatch(TenantIds::isValid);
    }
}
