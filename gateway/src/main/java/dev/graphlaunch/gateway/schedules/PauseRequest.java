package dev.graphlaunch.gateway.schedules;

/** Body of pause/unpause; the note is shown in Temporal and in the listing. Optional. */
public record PauseRequest(String note) {}
