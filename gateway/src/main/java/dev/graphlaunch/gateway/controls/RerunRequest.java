package dev.graphlaunch.gateway.controls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.validation.Storable;

/**
 * Optional body of a rerun: {@code input} replaces the original run's input. Checked like chat's
 * input, since it is stored the same way.
 */
public record RerunRequest(@Storable JsonNode input) {
    /** The new input, or null to run the original's: {@code "input": null} counts as absent, as in chat. */
    public JsonNode newInput() {
        return input == null || input.isNull() ? null : input;
    }
}
