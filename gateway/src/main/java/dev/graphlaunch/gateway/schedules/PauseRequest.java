package dev.graphlaunch.gateway.schedules;

/** Body of pause/unpause; the note is shown in Temporal and in the listing. Optional. */
import dev.graphlaunch.gateway.validation.Storable;

public record PauseRequest(@Storable String note) {}
