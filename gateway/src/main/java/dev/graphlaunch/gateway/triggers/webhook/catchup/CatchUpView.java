package dev.graphlaunch.gateway.triggers.webhook.catchup;

import java.util.List;

/**
 * The admin view of catch-up: its settings (never the token) and each repository's scan status.
 *
 * @param interval and lookback as configured, e.g. {@code 5 minutes}
 */
public record CatchUpView(boolean enabled, String apiUrl, String interval, String lookback,
        List<CatchUpStatus> repositories) {}
