package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.List;

/**
 * {@code githubWebhook.catchUp}: list each repository's recent failing workflow runs through
 * GitHub's REST API and trigger those no delivery brought. Checked by {@code GitHubWebhookConfig},
 * which knows the allow-list every polled repository must be on.
 *
 * @param enabled absent: on exactly when a token is set; {@code true} without a token stops the start
 * @param interval how often each repository is listed (by one replica of all)
 * @param lookback how far back in {@code created} time each listing reaches; a failure older than
 *     this when the gateway looks is never caught up
 * @param apiUrl GitHub's REST API root: {@code https://api.github.com}, or {@code https://HOST/api/v3}
 *     for GitHub Enterprise Server
 * @param token a GitHub App installation token or fine-grained PAT with Actions: read; never logged
 * @param repositories exact {@code owner/name}s to poll; absent: the exact names among
 *     {@code githubWebhook.repositories} ({@code owner/*} entries cannot be listed without a name)
 * @param lease how long one replica owns a repository's scan; longer than a scan can take
 * @param maxRateLimitWait the longest a scan sleeps for GitHub's rate limit; a longer wait ends the
 *     scan as failed and the next one starts after the limit resets
 * @param requestTimeout one request to GitHub, headers and body
 */
public record CatchUpConfig(
        Boolean enabled,
        Duration interval,
        Duration lookback,
        String apiUrl,
        String token,
        List<String> repositories,
        Duration lease,
        Duration maxRateLimitWait,
        Duration requestTimeout) {

    public static final String DEFAULT_API_URL = "https://api.github.com";

    public CatchUpConfig {
        interval = interval == null ? Duration.minutes(5) : interval;
        lookback = lookback == null ? Duration.hours(24) : lookback;
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.strip();
        token = token == null || token.isBlank() ? null : token.strip();
        repositories = repositories == null ? null : List.copyOf(repositories);
        lease = lease == null ? Duration.minutes(10) : lease;
        maxRateLimitWait = maxRateLimitWait == null ? Duration.minutes(1) : maxRateLimitWait;
        requestTimeout = requestTimeout == null ? Duration.seconds(30) : requestTimeout;
    }

    public static CatchUpConfig defaults() {
        return new CatchUpConfig(null, null, null, null, null, null, null, null, null);
    }

    /** Whether the poller runs: as configured, else whenever there is a token to poll with. */
    @JsonIgnore
    public boolean active() {
        return enabled == null ? token != null : enabled;
    }

    @JsonIgnore
    public boolean hasToken() {
        return token != null;
    }

    /** The API root without a trailing slash, so paths append cleanly. */
    @JsonIgnore
    public URI apiRoot() {
        String root = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return URI.create(root);
    }

    /** https, or http to this machine only (a local proxy, tests): the token never crosses a network in clear. */
    @JsonIgnore
    public boolean isApiUrlWellFormed() {
        try {
            URI uri = apiRoot();
            boolean scheme = "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback(uri.getHost()));
            return scheme && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean loopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "CatchUpConfig[enabled=" + enabled + ", interval=" + interval + ", lookback=" + lookback
                + ", apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "set") + ", repositories="
                + repositories + "]";
    }
}
