package dev.graphlaunch.gateway.schedules;

import java.time.Instant;

/** Temporal took the trigger; the run record appears once the workflow's first activity ran. */
public record TriggerAccepted(String id, String temporalScheduleId, Instant requestedAt) {}
