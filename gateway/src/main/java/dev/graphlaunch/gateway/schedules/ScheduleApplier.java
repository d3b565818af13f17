package dev.graphlaunch.gateway.schedules;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Plan and apply. Apply holds a PostgreSQL advisory lock from reading Temporal to the last step,
 * so replicas applying at start-up take turns: the second one finds nothing left to do.
 */
public class ScheduleApplier {
    /** Any fixed key works as long as every replica uses the same one: ASCII "glg_schd". */
    static final long APPLY_LOCK = 0x67_6c_67_5f_73_63_68_64L;

    private final ScheduleLoader loader;
    private final TemporalSchedules temporal;
    private final Jdbi jdbi;

    public ScheduleApplier(ScheduleLoader loader, TemporalSchedules temporal, Jdbi jdbi) {
        this.loader = loader;
        this.temporal = temporal;
        this.jdbi = jdbi;
    }

    /** Validates the file and compares it with Temporal; changes nothing. */
    public SchedulePlan plan(Path file) {
        List<DesiredSchedule> declared = loader.load(file);
        return jdbi.withHandle(handle -> plan(handle, declared));
    }

    /**
     * Makes Temporal match the file. The declarations are written before Temporal is touched: a
     * removed schedule that still fires because a later step failed is then refused by the grant
     * check instead of running unchecked.
     *
     * @param progress told about each step once it is done
     */
    public SchedulePlan apply(Path file, Consumer<String> progress) {
        List<DesiredSchedule> declared = loader.load(file);
        Map<ScheduleKey, DesiredSchedule> byKey =
                declared.stream().collect(Collectors.toMap(DesiredSchedule::key, Function.identity()));
        return jdbi.withHandle(handle -> {
            handle.select("select pg_advisory_lock(?)", APPLY_LOCK).mapToMap().one();
            try {
                SchedulePlan plan = plan(handle, declared);
                if (!plan.conflicts().isEmpty()) {
                    throw new InvalidSchedulesException(plan.conflicts());
                }
                // Its own connection and transaction: the lock's session stays out of it.
                jdbi.useTransaction(tx -> tx.attach(ScheduleDeclarationDao.class)
                        .replaceAll(declared.stream().map(ScheduleDeclaration::of).toList()));
                for (ScheduleChange change : plan.changes()) {
                    try {
                        temporal.execute(change, byKey);
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("apply stopped at '" + change.kind().name().toLowerCase()
                                + " " + change.key() + "': " + e.getMessage()
                                + "; the steps before it were applied, run plan to see what is left", e);
                    }
                    progress.accept("done: " + change.kind().name().toLowerCase() + " " + change.key());
                }
                return plan;
            } finally {
                handle.select("select pg_advisory_unlock(?)", APPLY_LOCK).mapToMap().one();
            }
        });
    }

    private SchedulePlan plan(Handle handle, List<DesiredSchedule> declared) {
        Set<ScheduleKey> known = new HashSet<>();
        declared.forEach(schedule -> known.add(schedule.key()));
        handle.attach(ScheduleDeclarationDao.class).listAll().forEach(row -> known.add(row.key()));
        TemporalSchedules.Observed observed = temporal.observe(known);
        return SchedulePlanner.plan(declared.stream().map(temporal::snapshot).toList(),
                observed.managed(), observed.unmanaged());
    }
}
