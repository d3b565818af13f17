package dev.graphlaunch.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.reconcile.ReconcileDao;
import dev.graphlaunch.gateway.runs.GraphRunAttemptDao;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.runs.RunLedger;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handle asked for a DAO's metadata must find the one computed at startup; otherwise every
 * {@code @CreateSqlObject} inside a transaction reflects over the whole DAO again. The handle is
 * asked first: had the warm-up missed a type, the handle would compute one of its own and the
 * root, asked afterwards, another.
 */
class SqlObjectsIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();

    @Test
    void daosCreatedInsideATransactionReuseTheMetadataComputedAtStartup() {
        Jdbi jdbi = DB.jdbi();
        SqlObjects.onDemand(jdbi, RunLedger.class);

        for (Class<?> created : new Class<?>[] {GraphRunDao.class, GraphRunAttemptDao.class, RunEventDao.class}) {
            ExtensionMetadata inTransaction = jdbi.inTransaction(handle -> metadata(handle.getConfig(Extensions.class),
                    created));
            assertThat(inTransaction).as(created.getSimpleName())
                    .isSameAs(metadata(jdbi.getConfig(Extensions.class), created));
        }
    }

    @Test
    void aDaoAttachedToAHandleReusesTheMetadataOfItsWarmUp() {
        Jdbi jdbi = DB.jdbi();
        SqlObjects.warm(jdbi, ReconcileDao.class);

        ExtensionMetadata inHandle = jdbi.withHandle(handle -> metadata(handle.getConfig(Extensions.class),
                ReconcileDao.class));

        assertThat(inHandle).isSameAs(metadata(jdbi.getConfig(Extensions.class), ReconcileDao.class));
    }

    private static ExtensionMetadata metadata(Extensions extensions, Class<?> type) {
        ExtensionFactory sqlObjects = extensions.findFactory(SqlObjectFactory.class).orElseThrow();
        return extensions.findMetadata(type, sqlObjects);
    }
}
