package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.gateway.metrics.GatewayMetrics;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import dev.graphlaunch.gateway.db.Migrations;
import dev.graphlaunch.gateway.triggers.OutboxRelay;
import dev.graphlaunch.gateway.triggers.RelaySettings;
import dev.graphlaunch.gateway.triggers.RunStartOutboxDao;
import dev.graphlaunch.gateway.triggers.RunStarter;
import dev.graphlaunch.gateway.triggers.RunStarts;
import dev.graphlaunch.gateway.triggers.StartBacklog;
import dev.graphlaunch.gateway.triggers.StartSettlements;
import dev.graphlaunch.gateway.triggers.WorkflowStarter;
import io.dropwizard.jackson.Jackson;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/** A migrated database of its own, for tests that drive the outbox without the HTTP layer. */
public final class PendingRuns {
    public static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    private PendingRuns() {}

    public static Jdbi migratedDatabase(String prefix) {
        String url = TestDatabases.fresh(prefix);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(EmbeddedDatabase.USER);
        Migrations.apply(dataSource);
        return TestDatabases.jdbi(url);
    }

    public static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Wired as GatewayContext wires it; a null starter makes a relay that must never be started. */
    public static OutboxRelay relay(Jdbi jdbi, WorkflowStarter starter, RelaySettings settings) {
        return new OutboxRelay(jdbi.onDemand(RunStartOutboxDao.class), jdbi.onDemand(StartSettlements.class), MAPPER,
                starter, settings);
    }

    public static StartBacklog backlog(Jdbi jdbi, StartBacklogConfig config) {
        return new StartBacklog(jdbi.onDemand(RunStartOutboxDao.class), config);
    }

    public static RunStarter runStarter(Jdbi jdbi, OutboxRelay relay, StartBacklog backlog) {
        return new RunStarter(jdbi.onDemand(RunStarts.class), MAPPER, relay, backlog, GatewayMetrics.none());
    }
}
