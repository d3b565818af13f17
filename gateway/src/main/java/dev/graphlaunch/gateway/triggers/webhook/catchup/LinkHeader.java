package dev.graphlaunch.gateway.triggers.webhook.catchup;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's pagination: {@code Link: <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"}
 * (RFC 8288). The next page's URL is taken as given, never built: GitHub may change its parameters.
 */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*\"?([^\";]+)\"?");

    private LinkHeader() {}

    static Optional<URI> next(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            if (rel.find() && java.util.Arrays.asList(rel.group(1).trim().split("\\s+")).contains("next")) {
                return Optional.of(URI.create(link.group(1).trim()));
            }
        }
        return Optional.empty();
    }
}
