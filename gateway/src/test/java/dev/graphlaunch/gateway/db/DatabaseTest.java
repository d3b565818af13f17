package dev.graphlaunch.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.DataSourceFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void theConnectionStateInterceptorIsAddedOnce() {
        DataSourceFactory factory = new DataSourceFactory();

        Database.withConnectionState(factory);
        Database.withConnectionState(factory);

        assertThat(factory.getJdbcInterceptors()).contains("ConnectionState");
    }

    @Test
    void interceptorsAnOperatorConfiguredAreKept() {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setJdbcInterceptors(Optional.of("SlowQueryReport"));

        Database.withConnectionState(factory);

        assertThat(factory.getJdbcInterceptors()).contains("SlowQueryReport;ConnectionState");
    }
}
