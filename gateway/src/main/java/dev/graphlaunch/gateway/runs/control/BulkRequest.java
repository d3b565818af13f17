package dev.graphlaunch.gateway.runs.control;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.runs.RunStatus;
import dev.graphlaunch.gateway.runs.control.RunControlDao.BulkSelection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * The body of a bulk control: which runs of the caller's tenant (null: any), whether to only count
 * them, and how many to act on in this call (oldest first; call again for the rest).
 */
public record BulkRequest(
        String status,
        String graphId,
        String runKind,
        String triggerSource,
        Instant createdBefore,
        Boolean dryRun,
        Integer limit) {

    public static final int MAX_LIMIT = 500;
    static final List<String> RUN_KINDS = List.of("user_immediate", "system_scheduled", "system_webhook");

    public boolean isDryRun() {
        return dryRun != null && dryRun;
    }

    public int effectiveLimit() {
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("'limit' must be from 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** @param allowed the statuses this control may act on; the status filter must be one of them */
    public BulkSelection selection(Collection<RunStatus> allowed) {
        List<String> wires = allowed.stream().map(RunStatus::wire).toList();
        if (status != null && !wires.contains(status)) {
            throw new InvalidRequestException("'status' must be one of " + String.join(", ", wires) + ".");
        }
        if (runKind != null && !RUN_KINDS.contains(runKind)) {
            throw new InvalidRequestException("'runKind' must be one of " + String.join(", ", RUN_KINDS) + ".");
        }
        return new BulkSelection(status, graphId, runKind, triggerSource,
                createdBefore == null ? null : createdBefore.atOffset(ZoneOffset.UTC));
    }
}
