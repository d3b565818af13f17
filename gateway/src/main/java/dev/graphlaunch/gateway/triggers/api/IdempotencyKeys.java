package dev.graphlaunch.gateway.triggers.api;

import dev.graphlaunch.gateway.errors.InvalidRequestException;

/**
 * Reads the {@code Idempotency-Key} header: 1–255 printable ASCII characters without spaces, as a
 * bare token or as a structured-field string ({@code "abc"}, with {@code \"} and {@code \\} escapes).
 */
public final class IdempotencyKeys {
    static final int MAX_LENGTH = 255;

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
