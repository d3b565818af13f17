package dev.graphlaunch.gateway.controls;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.contracts.runs.WireValue;
import dev.graphlaunch.gateway.controls.RunControlDao.BulkSelection;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.validation.Storable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The body of a bulk control: which runs of the caller's tenant (null: any), whether to only count
 * them, and how many to act on in this call (oldest first; call again for the rest). Its text
 * reaches queries, so it is checked like chat's (a NUL was a 500 from PostgreSQL).
 */
public record BulkRequest(
        @Storable String status,
        @Storable String graphId,
        @Storable String runKind,
        @Storable String triggerSource,
        Instant createdBefore,
        Boolean dryRun,
        Integer limit) {

    public static final int MAX_LIMIT = 500;

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
        RunStatus wanted = status == null ? null : parse(status, allowed)
                .orElseThrow(() -> new InvalidRequestException("'status' must be one of " + wires(allowed) + "."));
        List<RunKind> kinds = Arrays.asList(RunKind.values());
        RunKind kind = runKind == null ? null : parse(runKind, kinds)
                .orElseThrow(() -> new InvalidRequestException("'runKind' must be one of " + wires(kinds) + "."));
        return new BulkSelection(wanted, graphId, kind, triggerSource,
                createdBefore == null ? null : createdBefore.atOffset(ZoneOffset.UTC));
    }

    private static <E extends WireValue> Optional<E> parse(String wire, Collection<E> allowed) {
        return allowed.stream().filter(value -> value.wire().equals(wire)).findFirst();
    }

    private static String wires(Collection<? extends WireValue> values) {
        return String.join(", ", values.stream().map(WireValue::wire).toList());
    }
}
