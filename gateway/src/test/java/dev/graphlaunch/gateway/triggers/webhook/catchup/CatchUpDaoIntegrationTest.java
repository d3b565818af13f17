package dev.graphlaunch.gateway.triggers.webhook.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.support.PendingRuns;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lease that lets one replica of many scan a repository, against a real PostgreSQL. */
class CatchUpDaoIntegrationTest {
    private static final long LEASE = 600;
    private static final long INTERVAL = 300;
    private static Jdbi jdbi;
    private static CatchUpDao dao;

    @BeforeAll
    static void database() {
        jdbi = PendingRuns.migratedDatabase("catchup_dao");
        dao = jdbi.onDemand(CatchUpDao.class);
    }

    private static String repository() {
        String repository = "octo-org/repo-" + UUID.randomUUID().toString().substring(0, 8);
        dao.ensure(new String[] {repository});
        return repository;
    }

    @Test
    void onlyOneReplicaHoldsARepositoryAndOthersWaitForTheInterval() {
        String repository = repository();

        assertThat(dao.claim(repository, "replica-a", LEASE, INTERVAL, false)).isTrue();
        assertThat(dao.claim(repository, "replica-b", LEASE, INTERVAL, false)).isFalse();
        assertThat(dao.claim(repository, "replica-b", LEASE, INTERVAL, true)).as("forced, still leased").isFalse();
        assertThat(dao.succeeded(repository, "replica-b", 1, 1)).as("not the holder").isFalse();
        assertThat(dao.succeeded(repository, "replica-a", 3, 2)).isTrue();

        assertThat(dao.claim(repository, "replica-b", LEASE, INTERVAL, false)).as("scanned just now").isFalse();
        assertThat(dao.claim(repository, "replica-b", LEASE, INTERVAL, true)).as("scan now").isTrue();
        CatchUpStatus status = only(repository);
        assertThat(status.leasedBy()).isEqualTo("replica-b");
        assertThat(status.lastListed()).isEqualTo(3);
        assertThat(status.lastStartedRuns()).isEqualTo(2);
        assertThat(status.lastSuccessAt()).isNotNull();
    }

    @Test
    void aLeaseWhoseReplicaDiedRunsOutAndIsTakenOver() {
        String repository = repository();
        assertThat(dao.claim(repository, "died", 0, INTERVAL, false)).isTrue();

        assertThat(dao.claim(repository, "survivor", LEASE, 0, false)).isTrue();
        assertThat(dao.failed(repository, "died", "too late")).as("the dead replica records nothing").isFalse();
        assertThat(only(repository).leasedBy()).isEqualTo("survivor");
    }

    @Test
    void failuresCountUntilASuccessAndTheLastErrorStaysVisible() {
        String repository = repository();
        for (int i = 1; i <= 2; i++) {
            assertThat(dao.claim(repository, "a", LEASE, INTERVAL, true)).isTrue();
            assertThat(dao.failed(repository, "a", "401 from GitHub: Bad credentials")).isTrue();
        }
        assertThat(only(repository).consecutiveFailures()).isEqualTo(2);

        assertThat(dao.claim(repository, "a", LEASE, INTERVAL, true)).isTrue();
        assertThat(dao.succeeded(repository, "a", 0, 0)).isTrue();

        CatchUpStatus status = only(repository);
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.lastError()).contains("Bad credentials");
        assertThat(status.lastErrorAt()).isNotNull();
        assertThat(status.leasedBy()).isNull();
    }

    private static CatchUpStatus only(String repository) {
        List<CatchUpStatus> rows = dao.statusOf(new String[] {repository});
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
