package dev.graphlaunch.gateway.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for client text that reaches PostgreSQL: no NUL (U+0000), which {@code text} and
 * {@code jsonb} refuse (a 500 if it gets that far), and no unpaired UTF-16 surrogate, which has no
 * UTF-8 form and would be stored silently as {@code ?}. Request bodies apply it through
 * {@link StorableTextValidator}, query and path parameters through {@link StorableParametersFilter}.
 */
public final class StorableText {
    public static final String RULE = "must not contain NUL (U+0000) or an unpaired UTF-16 surrogate";
    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    public static boolean isStorable(String text) {
        return text == null || firstBadIndex(text) < 0;
    }

    /**
     * Where in a JSON value the first unstorable key or string is, as a JSON pointer; a bad key is
     * reported as its parent's pointer followed by {@code (key)}. Empty when all of it can be stored.
     */
    public static Optional<String> firstUnstorable(JsonNode node) {
        return firstUnstorable(node, "");
    }

    /**
     * For text we must keep even when it is not ours to refuse (a signed GitHub payload): every NUL
     * and unpaired surrogate becomes U+FFFD.
     */
    public static String storable(String text) {
        if (text == null || firstBadIndex(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Optional<String> firstUnstorable(JsonNode node, String pointer) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return isStorable(node.textValue()) ? Optional.empty() : Optional.of(pointer.isEmpty() ? "/" : pointer);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = firstUnstorable(node.get(i), pointer + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!isStorable(field.getKey())) {
                    // The key itself is not echoed: it is the unstorable part.
                    return Optional.of((pointer.isEmpty() ? "/" : pointer) + " (a key)");
                }
                Optional<String> found = firstUnstorable(field.getValue(), pointer + "/" + escape(field.getKey()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static int firstBadIndex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
