package dev.graphlaunch.gateway.schedules;

import java.time.Instant;

/** A backfill handed to Temporal: its runs appear in the runs list as their slots start. */
public record BackfillAccepted(String scheduleId, String temporalScheduleId, Instant from, Instant to, String overlap) {}
