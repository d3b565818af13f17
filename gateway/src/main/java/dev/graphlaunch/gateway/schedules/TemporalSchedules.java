package dev.graphlaunch.gateway.schedules;

import dev.graphlaunch.gateway.errors.Causes;
import dev.graphlaunch.gateway.priority.RunPriorities;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The schedules side of Temporal: what exists, and the five operations a plan is made of. */
public class TemporalSchedules {
    private final ScheduleClient client;
    private final RunPriorities priorities;

    /** Creating and updating with the default priorities. */
    public TemporalSchedules(ScheduleClient client) {
        this(client, RunPriorities.defaults());
    }

    /** @param priorities what the schedules' workflow starts carry (the gateway's {@code priority}) */
    public TemporalSchedules(ScheduleClient client, RunPriorities priorities) {
        this.client = client;
        this.priorities = priorities;
    }

    /** The declared schedule as this side would write it, for comparison with {@link #observe}. */
    public ScheduleSnapshot snapshot(DesiredSchedule declared) {
        return TemporalScheduleMapping.snapshot(declared, priorities);
    }

    /** Managed schedules and the ids of all others, as Temporal has them now. */
    public record Observed(List<ScheduleSnapshot> managed, Set<String> unmanaged) {}

    /**
     * Lists the namespace, then describes each candidate directly: the list comes from the
     * visibility store and may lag a create by a moment, describe does not.
     *
     * @param known keys that may exist although the list does not show them yet (declared now,
     *     or applied before)
     */
    public Observed observe(Collection<ScheduleKey> known) {
        Set<String> ids = new TreeSet<>();
        client.listSchedules().map(ScheduleListDescription::getScheduleId).forEach(ids::add);
        known.forEach(key -> ids.add(key.temporalId()));
        List<ScheduleSnapshot> managed = new ArrayList<>();
        Set<String> unmanaged = new TreeSet<>();
        for (String id : ids) {
            Optional<ScheduleDescription> description = describe(id);
            if (description.isEmpty()) {
                continue;
            }
            Optional<ScheduleKey> key = ScheduleKey.fromTemporalId(id);
            if (key.isPresent() && isManaged(description.get())) {
                managed.add(TemporalScheduleMapping.snapshot(key.get(), description.get().getSchedule()));
            } else {
                unmanaged.add(id);
            }
        }
        return new Observed(managed, unmanaged);
    }

    public Optional<ScheduleDescription> describe(String temporalId) {
        try {
            return Optional.of(client.getHandle(temporalId).describe());
        } catch (RuntimeException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public static boolean isManaged(ScheduleDescription description) {
        Object marker = description.getMemo(TemporalScheduleMapping.MANAGED_BY_MEMO, String.class);
        return TemporalScheduleMapping.MANAGED_BY.equals(marker);
    }

    public void execute(ScheduleChange change, Map<ScheduleKey, DesiredSchedule> declared) {
        ScheduleHandle handle = client.getHandle(change.key().temporalId());
        DesiredSchedule wanted = declared.get(change.key());
        switch (change.kind()) {
            case CREATE -> client.createSchedule(change.key().temporalId(),
                    TemporalScheduleMapping.toTemporal(wanted, priorities),
                    ScheduleOptions.newBuilder()
                            .setMemo(Map.of(TemporalScheduleMapping.MANAGED_BY_MEMO, TemporalScheduleMapping.MANAGED_BY))
                            .build());
            // Keep the live pause state: pausing and unpausing are their own steps of the plan.
            case UPDATE -> handle.update(input -> new ScheduleUpdate(
                    Schedule.newBuilder(TemporalScheduleMapping.toTemporal(wanted, priorities))
                            .setState(input.getDescription().getSchedule().getState())
                            .build()));
            case PAUSE -> handle.pause(TemporalScheduleMapping.noteOf(wanted));
            case UNPAUSE -> handle.unpause(wanted.note() == null ? "unpaused by schedules apply" : wanted.note());
            case DELETE -> handle.delete();
        }
    }

    public static boolean isNotFound(Throwable error) {
        return Causes.find(error, StatusRuntimeException.class,
                status -> status.getStatus().getCode() == Status.Code.NOT_FOUND).isPresent();
    }
}
