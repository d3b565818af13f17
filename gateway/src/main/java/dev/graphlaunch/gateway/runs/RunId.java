package dev.graphlaunch.gateway.runs;

import java.util.Optional;
import java.util.UUID;

/**
 * A run id as a caller sent it. Anything that is not a UUID names no run: looking it up is a
 * {@link RunNotFoundException} that quotes what was sent, like any other unknown id.
 */
public record RunId(String raw, Optional<UUID> uuid) {

    public static RunId parse(String raw) {
        try {
            return new RunId(raw, Optional.of(UUID.fromString(raw)));
        } catch (IllegalArgumentException | NullPointerException notAUuid) {
            return new RunId(raw, Optional.empty());
        }
    }

    /** @throws RunNotFoundException when the id is malformed */
    public UUID require() {
        return uuid.orElseThrow(() -> new RunNotFoundException(raw));
    }

    @Override
    public String toString() {
        return raw;
    }
}
