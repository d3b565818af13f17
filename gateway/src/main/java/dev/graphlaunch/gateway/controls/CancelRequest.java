package dev.graphlaunch.gateway.controls;

import java.time.Instant;

/** Who asked to cancel a run through the gateway, and when. */
public record CancelRequest(String requestedBy, Instant requestedAt) {}
