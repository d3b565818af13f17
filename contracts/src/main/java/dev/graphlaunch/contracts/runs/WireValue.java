package dev.graphlaunch.contracts.runs;

import java.util.Arrays;

/**
 * A value with the name it has on the wire: in JSON between gateway and worker, in recorded
 * workflow histories and in the gateway's database. The wire name never changes with the Java name.
 */
public interface WireValue {
    String wire();

    /** @throws IllegalArgumentException when no value of {@code type} has that wire name */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants())
                .filter(value -> value.wire().equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown " + type.getSimpleName() + ": " + wire));
    }
}
