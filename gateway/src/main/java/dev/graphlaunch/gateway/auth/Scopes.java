package dev.graphlaunch.gateway.auth;

import java.util.Set;

/**
 * Permission scopes an API key can hold. Any other scope a key holds is a graph pattern: an
 * exact graph id ({@code builtin:echo}), a namespace ({@code builtin:*}) or every graph ({@code *}).
 */
public final class Scopes {
    public static final String RUNS_READ = "runs:read";
    public static final String RUNS_WRITE = "runs:write";
    public static final String ADMIN = "admin";
    /** Reading the tenant's usage and cost: separate from runs:read, so finance tools see no run data. */
    public static final String USAGE_READ = "usage:read";

    public static final Set<String> PERMISSIONS = Set.of(RUNS_READ, RUNS_WRITE, ADMIN, USAGE_READ);

    private Scopes() {}

    public static boolean graphPatternAllows(String pattern, String graphId) {
        if (PERMISSIONS.contains(pattern)) {
            return false;
        }
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(":*")) {
            return graphId.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(graphId);
    }
}
