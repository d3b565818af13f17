package dev.graphlaunch.gateway.auth;

import java.util.regex.Pattern;

/**
 * What a tenant id may be. Tenant ids are the first segment of every idempotency key's workflow id
 * ({@code graph-run:{tenant}:{key}}), so they may not contain {@code :}: otherwise tenant
 * {@code a:b} with key {@code c} and tenant {@code a} with key {@code b:c} would name one workflow.
 */
public final class TenantIds {
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final String RULE = "1-63 lowercase letters, digits or '-', starting with a letter or digit";

    private TenantIds() {}

    public static boolean isValid(String tenantId) {
        return tenantId != null && PATTERN.matcher(tenantId).matches();
    }

    /** @throws IllegalArgumentException naming the rule */
    public static String require(String tenantId) {
        if (!isValid(tenantId)) {
            throw new IllegalArgumentException("tenant '" + tenantId + "' is not a valid tenant id: " + RULE);
        }
        return tenantId;
    }
}
