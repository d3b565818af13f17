package dev.graphlaunch.gateway.reconcile;

import dev.graphlaunch.contracts.runs.RunStatus;
import java.time.Instant;
import java.util.UUID;

/** A run the ledger still holds open, as far as the reconciler needs it. */
public record OpenRun(UUID id, String workflowId, RunStatus status, Instant createdAt) {}
