package dev.graphlaunch.gateway.events;

import java.util.List;

/**
 * A page of a run's events for polling clients.
 *
 * @param next pass as {@code ?after=} to get what comes next
 * @param complete the run has ended and no events follow these
 */
public record RunEventPage(String runId, String runStatus, List<RunEvent> items, long next, boolean complete) {}
