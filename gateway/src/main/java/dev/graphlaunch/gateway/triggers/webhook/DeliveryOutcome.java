package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What became of one delivery, as stored in {@code webhook_deliveries.outcome}. */
public enum DeliveryOutcome {
    /** Verified, subscribed, and the first delivery of its workflow run attempt: a new run. */
    STARTED,
    /** Verified and subscribed: a new failure, added to its commit's run that had not started yet (debounce). */
    JOINED,
    /** Verified and subscribed, but that workflow run attempt already has its run. */
    DUPLICATE,
    /** Verified, and not a failure this route handles (ping, success, other events, filtered out). */
    IGNORED,
    /** Refused: not verifiable, malformed, too large, or the route has no secret. */
    REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<DeliveryOutcome> fromWire(String value) {
        return Arrays.stream(values()).filter(outcome -> outcome.wire().equals(value)).findFirst();
    }
}
