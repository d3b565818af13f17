package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.Causes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A tenant's managed schedules as an admin sees and steers them: the declarations in the database
 * joined with what Temporal reports, and the Temporal calls to trigger, pause and unpause.
 */
public class ScheduleAdmin {
    private static final Set<String> SPEC_FIELDS =
            Set.of("cron", "timezone", "jitter", "startAt", "endAt", "overlap", "catchupWindow", "input");
    private static final Set<Status.Code> UNAVAILABLE =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final ScheduleDeclarationDao declarations;
    private final ScheduleClient client;
    private final TemporalSchedules temporal;

    public ScheduleAdmin(ScheduleDeclarationDao declarations, ScheduleClient client) {
        this.declarations = declarations;
        this.client = client;
        this.temporal = new TemporalSchedules(client);
    }

    public List<ScheduleView> list(String tenantId) {
        return declarations.listForTenant(tenantId).stream().map(this::view).toList();
    }

    /** @throws SchedulePausedException when the schedule is paused here or in Temporal */
    public TriggerAccepted trigger(String tenantId, String id) {
        ScheduleDeclaration declared = declared(tenantId, id);
        ScheduleDescription description = describe(declared.key());
        if (declared.paused() || description.getSchedule().getState().isPaused()) {
            throw new SchedulePausedException(id);
        }
        talkToTemporal(() -> {
            client.getHandle(declared.key().temporalId()).trigger();
            return null;
        });
        return new TriggerAccepted(id, declared.key().temporalId(), Instant.now());
    }

    public ScheduleView setPaused(String tenantId, String id, boolean paused, String note) {
        ScheduleDeclaration declared = declared(tenantId, id);
        describe(declared.key());
        talkToTemporal(() -> {
            var handle = client.getHandle(declared.key().temporalId());
            if (paused) {
                handle.pause(note);
            } else {
                handle.unpause(note);
            }
            return null;
        });
        // The grant check reads this row: a paused schedule's runs are skipped from now on.
        declarations.setPaused(tenantId, id, paused, note);
        return view(declared(tenantId, id));
    }

    private ScheduleDeclaration declared(String tenantId, String id) {
        return declarations.find(tenantId, id).orElseThrow(() -> new ScheduleNotFoundException(
                "No schedule '" + id + "' is declared for this tenant in the applied schedules file."));
    }

    private ScheduleDescription describe(ScheduleKey key) {
        return talkToTemporal(() -> temporal.describe(key.temporalId())).orElseThrow(() -> new ScheduleNotFoundException(
                "Schedule '" + key.scheduleId() + "' is declared but missing in Temporal; run schedules apply."));
    }

    /** A declared schedule missing in Temporal (apply still pending or failed) is listed as such, not hidden. */
    private ScheduleView view(ScheduleDeclaration declared) {
        Optional<ScheduleDescription> found = talkToTemporal(() -> temporal.describe(declared.key().temporalId()));
        if (found.isEmpty()) {
            return new ScheduleView(declared.scheduleId(), declared.key().temporalId(), declared.graphId(),
                    declared.owner(), false, Map.of(), declared.paused(), declared.note(), List.of(), List.of());
        }
        ScheduleDescription description = found.get();
        ScheduleSnapshot snapshot = TemporalScheduleMapping.snapshot(declared.key(), description.getSchedule());
        Map<String, String> spec = new LinkedHashMap<>();
        snapshot.fields().forEach((field, value) -> {
            if (SPEC_FIELDS.contains(field)) {
                spec.put(field, value);
            }
        });
        List<ScheduleView.RecentAction> recent = description.getInfo().getRecentActions().stream()
                .map(ScheduleAdmin::recentAction).toList();
        return new ScheduleView(declared.scheduleId(), declared.key().temporalId(), declared.graphId(), declared.owner(),
                true, spec, snapshot.paused(), snapshot.note(), description.getInfo().getNextActionTimes(), recent);
    }

    private static ScheduleView.RecentAction recentAction(ScheduleActionResult result) {
        String workflowId = result.getAction() instanceof ScheduleActionExecutionStartWorkflow started
                ? started.getWorkflowId() : null;
        return new ScheduleView.RecentAction(result.getScheduledAt(), result.getStartedAt(), workflowId);
    }

    private static <T> T talkToTemporal(Supplier<T> call) {
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
