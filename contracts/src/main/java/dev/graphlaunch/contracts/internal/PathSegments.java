package dev.graphlaunch.contracts.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

final class PathSegments {
    private PathSegments() {}

    /** Percent-encodes one path segment (URLEncoder is for forms: it turns spaces into '+'). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
