package dev.graphlaunch.gateway.reconcile;

import java.time.Instant;
import java.util.UUID;

/** A run the ledger still holds open, as far as the reconciler needs it. */
public record OpenRun(UUID id, String workflowId, String status, Instant createdAt) {}
