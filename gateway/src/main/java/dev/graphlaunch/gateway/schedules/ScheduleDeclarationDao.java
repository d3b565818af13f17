package dev.graphlaunch.gateway.schedules;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

@RegisterConstructorMapper(ScheduleDeclaration.class)
public interface ScheduleDeclarationDao {
    String COLUMNS = "tenant_id, schedule_id, graph_id, owner, paused, note, applied_at";

    /** Makes the table hold exactly these declarations, atomically. */
    @Transaction
    default void replaceAll(List<ScheduleDeclaration> declarations) {
        deleteAll();
        if (!declarations.isEmpty()) {
            insert(declarations);
        }
    }

    @SqlUpdate("delete from schedule_declarations")
    void deleteAll();

    @SqlBatch("insert into schedule_declarations (tenant_id, schedule_id, graph_id, owner, paused, note)"
            + " values (:tenantId, :scheduleId, :graphId, :owner, :paused, :note)")
    void insert(@BindMethods List<ScheduleDeclaration> declarations);

    @SqlQuery("select " + COLUMNS + " from schedule_declarations where tenant_id = :tenantId and schedule_id = :scheduleId")
    Optional<ScheduleDeclaration> find(String tenantId, String scheduleId);

    @SqlQuery("select " + COLUMNS + " from schedule_declarations where tenant_id = :tenantId order by schedule_id")
    List<ScheduleDeclaration> listForTenant(String tenantId);

    @SqlQuery("select " + COLUMNS + " from schedule_declarations order by tenant_id, schedule_id")
    List<ScheduleDeclaration> listAll();

    /** The admin API's pause and unpause, so the grant check sees them at once. */
    @SqlUpdate("update schedule_declarations set paused = :paused, note = :note"
            + " where tenant_id = :tenantId and schedule_id = :scheduleId")
    int setPaused(String tenantId, String scheduleId,
            boolean paused, String note);
}
