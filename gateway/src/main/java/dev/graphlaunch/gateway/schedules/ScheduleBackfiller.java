package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.Causes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.util.List;
import java.util.Set;

/**
 * Runs the slots a schedule missed (declared late, paused, Temporal down past the catch-up
 * window). Temporal starts one workflow per slot in the range under the schedule's own overlap
 * policy; each run's key is derived from its schedule and nominal time, so a slot that already
 * has a run is not run again (the workflow finds the ended record and stops).
 */
public class ScheduleBackfiller {
    private static final Set<Status.Code> UNAVAILABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final ScheduleDeclarationDao declarations;
    private final ScheduleClient client;
    private final TemporalSchedules temporal;

    public ScheduleBackfiller(ScheduleDeclarationDao declarations, ScheduleClient client) {
        this.declarations = declarations;
        this.client = client;
        this.temporal = new TemporalSchedules(client);
    }

    /**
     * @throws ScheduleNotFoundException not declared for the tenant, or missing in Temporal
     * @throws SchedulePausedException paused: its runs would all be skipped by the grant check
     * @throws TemporalUnavailableException Temporal did not answer
     */
    public BackfillAccepted backfill(String tenantId, String scheduleId, BackfillRequest range) {
        ScheduleDeclaration declared = declarations.find(tenantId, scheduleId)
                .orElseThrow(() -> new ScheduleNotFoundException(
                        "No schedule '" + scheduleId + "' is declared for this tenant in the applied schedules file."));
        String temporalId = declared.key().temporalId();
        ScheduleDescription description = talk(() -> temporal.describe(temporalId)).orElseThrow(() ->
                new ScheduleNotFoundException("Schedule '" + scheduleId + "' is declared but missing in Temporal;"
                        + " run schedules apply."));
        if (declared.paused() || description.getSchedule().getState().isPaused()) {
            throw new SchedulePausedException(scheduleId);
        }
        talk(() -> {
            // No overlap policy given: Temporal applies the schedule's own.
            client.getHandle(temporalId).backfill(List.of(new ScheduleBackfill(range.from(), range.to())));
            return null;
        });
        var policy = description.getSchedule().getPolicy();
        return new BackfillAccepted(scheduleId, temporalId, range.from(), range.to(),
                Overlap.describe(policy == null ? null : policy.getOverlap()));
    }

    private static <T> T talk(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (Causes.find(e, StatusRuntimeException.class,
                    status -> UNAVAILABLE.contains(status.getStatus().getCode())).isPresent()) {
                throw new TemporalUnavailableException();
            }
            throw e;
        }
    }
}
