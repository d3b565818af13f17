package dev.graphlaunch.gateway.execution;

import java.util.regex.Pattern;

/** A graph is addressed as {@code namespace:name}, e.g. {@code builtin:echo} or {@code openai:gpt-4o-mini}. */
public record GraphId(String namespace, String name) {
    private static final Pattern SHAPE = Pattern.compile("([a-z][a-z0-9_-]{0,31}):([A-Za-z0-9][A-Za-z0-9._/-]{0,127})");

    public static GraphId parse(String value) {
        var matcher = value == null ? null : SHAPE.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("graph id must look like 'namespace:name', e.g. 'builtin:echo'");
        }
        return new GraphId(matcher.group(1), matcher.group(2));
    }

    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return namespace + ":" + name;
    }
}
