package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.validation.Storable;

/** Body of pause/unpause; the note is shown in Temporal and in the listing. Optional. */
public record PauseRequest(@Storable String note) {}
