package dev.graphlaunch.gateway.triggers.webhook;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One allow-list entry: {@code owner/name} or {@code owner/*}. GitHub treats owner and repository
 * names case-insensitively, so the comparison does too.
 */
record RepositoryPattern(String owner, String name) {
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_.-]+/([A-Za-z0-9_.-]+|\\*)");

    static boolean isWellFormed(String pattern) {
        return pattern != null && WELL_FORMED.matcher(pattern).matches();
    }

    static RepositoryPattern parse(String pattern) {
        if (!isWellFormed(pattern)) {
            throw new IllegalArgumentException("not 'owner/name' or 'owner/*': " + pattern);
        }
        int slash = pattern.indexOf('/');
        return new RepositoryPattern(pattern.substring(0, slash).toLowerCase(Locale.ROOT),
                pattern.substring(slash + 1).toLowerCase(Locale.ROOT));
    }

    boolean matches(String fullName) {
        int slash = fullName.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String lower = fullName.toLowerCase(Locale.ROOT);
        return lower.substring(0, slash).equals(owner)
                && (name.equals("*") || lower.substring(slash + 1).equals(name));
    }
}
