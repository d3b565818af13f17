package dev.graphlaunch.gateway.triggers.api;

import dev.graphlaunch.gateway.errors.InvalidRequestException;

/**
 * Reads the {@code Idempotency-Key} header: 1–255 printable ASCII characters without spaces, as a
 * bare token or as a structured-field string ({@code "abc"}, with {@code \"} and {@code \\} escapes).
 */
public final class IdempotencyKeys {
    static final int MAX_LENGTH = 255;
    /**
     * The family every client-chosen key is stored under. The gateway derives keys of its own in
     * the same (tenant, key) space — {@code api:{uuid}} for key-less requests, {@code schedule:…},
     * {@code webhook:github:…} — so a client's key must never be able to equal one of those.
     */
    public static final String CLIENT_FAMILY = "client:";
    /** The family of keys the gateway makes up for requests without an Idempotency-Key. */
    public static final String GENERATED_FAMILY = "api:";

    private IdempotencyKeys() {}

    /** @throws InvalidRequestException saying what is wrong with the header */
    public static String parse(String header) {
        String key = header.length() >= 2 && header.startsWith("\"") && header.endsWith("\"")
                ? unquote(header.substring(1, header.length() - 1))
                : header;
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid("must be 1 to " + MAX_LENGTH + " characters long");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw invalid("may hold only printable ASCII characters and no spaces");
            }
        }
        return key;
    }

    /** The stored idempotency key for a client's key: same header, same stored key, same run. */
    public static String ofClient(String clientKey) {
        return CLIENT_FAMILY + clientKey;
    }

    private static String unquote(String quoted) {
        StringBuilder key = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (i + 1 == quoted.length() || (quoted.charAt(i + 1) != '"' && quoted.charAt(i + 1) != '\\')) {
                    throw invalid("is a quoted string with an invalid escape");
                }
                c = quoted.charAt(++i);
            } else if (c == '"') {
                throw invalid("is a quoted string with an unescaped quote");
            }
            key.append(c);
        }
        return key.toString();
    }

    private static InvalidRequestException invalid(String why) {
        return new InvalidRequestException("The Idempotency-Key header " + why + ".");
    }
}
