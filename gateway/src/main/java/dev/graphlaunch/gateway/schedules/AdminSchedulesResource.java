package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import io.dropwizard.auth.Auth;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** The managed schedules of the caller's tenant: list, trigger now, pause and unpause. Scope {@code admin}. */
@Path("/api/v1/admin/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class AdminSchedulesResource {
    private static final Set<String> SPEC_FIELDS =
            Set.of("cron", "timezone", "jitter", "startAt", "endAt", "overlap", "catchupWindow", "input");
    private static final Set<Status.Code> UNAVAILABLE =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final Jdbi jdbi;
    private final ScheduleClient client;
    private final TemporalSchedules temporal;

    public AdminSchedulesResource(Jdbi jdbi, ScheduleClient client) {
        this.jdbi = jdbi;
        this.client = client;
        this.temporal = new TemporalSchedules(client);
    }

    @GET
    public Map<String, List<ScheduleView>> list(@Auth ApiPrincipal caller) {
        caller.require(Scopes.ADMIN);
        List<ScheduleDeclaration> declared =
                jdbi.withExtension(ScheduleDeclarationDao.class, dao -> dao.listForTenant(caller.tenantId()));
        return Map.of("items", declared.stream().map(this::view).toList());
    }

    @POST
    @Path("/{id}/trigger")
    public Response trigger(@Auth ApiPrincipal caller, @PathParam("id") String id) {
        caller.require(Scopes.ADMIN);
        ScheduleDeclaration declared = declared(caller, id);
        ScheduleDescription description = describe(declared.key());
        if (declared.paused() || description.getSchedule().getState().isPaused()) {
            throw new SchedulePausedException(id);
        }
        talkToTemporal(() -> {
            client.getHandle(declared.key().temporalId()).trigger();
            return null;
        });
        return Response.accepted(new TriggerAccepted(id, declared.key().temporalId(), Instant.now())).build();
    }

    @POST
    @Path("/{id}/pause")
    public ScheduleView pause(@Auth ApiPrincipal caller, @PathParam("id") String id, @Valid PauseRequest request) {
        return setPaused(caller, id, true, noteOr(request, "paused through the admin API by " + caller.principal()));
    }

    @POST
    @Path("/{id}/unpause")
    public ScheduleView unpause(@Auth ApiPrincipal caller, @PathParam("id") String id, @Valid PauseRequest request) {
        return setPaused(caller, id, false, noteOr(request, "unpaused through the admin API by " + caller.principal()));
    }

    private ScheduleView setPaused(ApiPrincipal caller, String id, boolean paused, String note) {
        caller.require(Scopes.ADMIN);
        ScheduleDeclaration declared = declared(caller, id);
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
        jdbi.useExtension(ScheduleDeclarationDao.class, dao -> dao.setPaused(caller.tenantId(), id, paused, note));
        return view(declared(caller, id));
    }

    private ScheduleDeclaration declared(ApiPrincipal caller, String id) {
        return jdbi.withExtension(ScheduleDeclarationDao.class, dao -> dao.find(caller.tenantId(), id))
                .orElseThrow(() -> new ScheduleNotFoundException(
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
                .map(AdminSchedulesResource::recentAction).toList();
        return new ScheduleView(declared.scheduleId(), declared.key().temporalId(), declared.graphId(), declared.owner(),
                true, spec, snapshot.paused(), snapshot.note(), description.getInfo().getNextActionTimes(), recent);
    }

    private static ScheduleView.RecentAction recentAction(ScheduleActionResult result) {
        String workflowId = result.getAction() instanceof ScheduleActionExecutionStartWorkflow started
                ? started.getWorkflowId() : null;
        return new ScheduleView.RecentAction(result.getScheduledAt(), result.getStartedAt(), workflowId);
    }

    private static String noteOr(PauseRequest request, String fallback) {
        return request == null || request.note() == null || request.note().isBlank() ? fallback : request.note();
    }

    private static <T> T talkToTemporal(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StatusRuntimeException status && UNAVAILABLE.contains(status.getStatus().getCode())) {
                    throw new TemporalUnavailableException();
                }
            }
            throw e;
        }
    }
}
