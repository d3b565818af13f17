package dev.graphlaunch.gateway.events;

import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.RunEvent;
import java.util.List;

/**
 * A page of a run's events for polling clients.
 *
 * @param next pass as {@code ?after=} to get what comes next
 * @param complete the run has ended and no events follow these
 */
public record RunEventPage(String runId, RunStatus runStatus, List<RunEvent> items, long next, boolean complete) {}
