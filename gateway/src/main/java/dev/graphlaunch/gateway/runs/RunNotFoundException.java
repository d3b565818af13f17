package dev.graphlaunch.gateway.runs;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;
import java.util.Optional;
import java.util.UUID;

public class RunNotFoundException extends ProblemException {
    /** A run id as the caller sent it; anything that is not a UUID names no run. */
    static Optional<UUID> parse(String runId) {
        try {
            return Optional.of(UUID.fromString(runId));
        } catch (IllegalArgumentException | NullPointerException notAUuid) {
            return Optional.empty();
        }
    }

    public RunNotFoundException(String runId) {
        super(ProblemType.RUN_NOT_FOUND, "No run '" + runId + "' exists for this tenant.");
    }
}
