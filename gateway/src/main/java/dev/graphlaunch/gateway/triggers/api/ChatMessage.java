package dev.graphlaunch.gateway.triggers.api;

import dev.graphlaunch.gateway.validation.Storable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record ChatMessage(
        @NotNull @Pattern(regexp = "system|user|assistant|tool", message = "must be system, user, assistant or tool")
        String role,
        @NotNull @Storable String content) {}
