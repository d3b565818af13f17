package dev.graphlaunch.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.contracts.internal.AttemptResult;
import dev.graphlaunch.contracts.runs.AttemptStatus;
import dev.graphlaunch.contracts.runs.ErrorCode;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.execution.billing.ChargeReceipt;
import dev.graphlaunch.gateway.execution.billing.ChargeReceiptDao;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The attempts list of a run detail: each attempt with its error and the usage of its receipts. */
class RunAttemptsIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();

    @Test
    void eachAttemptShowsItsOutcomeAndTheUsageItsReceiptsAddUpTo() {
        String tenant = TestRuns.newTenant();
        GraphRun run = DB.dao(GraphRunDao.class).insert(TestRuns.accepted(tenant, "k1")).orElseThrow();
        GraphRunAttemptDao attempts = DB.dao(GraphRunAttemptDao.class);
        attempts.begin(run.id(), 1);
        attempts.finish(run.id(), 1, AttemptResult.failed(ErrorCode.RATE_LIMIT, "slow down", true));
        attempts.begin(run.id(), 2);
        ChargeReceiptDao receipts = DB.dao(ChargeReceiptDao.class);
        receipts.insert(receipt(tenant, run.id(), 2, "u1", 100, 20, "0.0030"));
        receipts.insert(receipt(tenant, run.id(), 2, "u2", 50, 10, "0.0015"));

        RunAttemptsResource resource = new RunAttemptsResource(DB.dao(GraphRunDao.class), DB.dao(RunAttemptDao.class));
        List<AttemptView> items = resource.list(principal(tenant), RunId.parse(run.id().toString())).items();

        assertThat(items).extracting(AttemptView::attempt).containsExactly(1, 2);
        AttemptView failed = items.get(0);
        assertThat(failed.status()).isEqualTo(AttemptStatus.FAILED);
        assertThat(failed.error()).isEqualTo(new RunView.RunError("rate_limit", "slow down"));
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.finishedAt()).isAfterOrEqualTo(failed.startedAt());
        assertThat(failed.usage()).isNull();
        AttemptView running = items.get(1);
        assertThat(running.status()).isEqualTo(AttemptStatus.RUNNING);
        assertThat(running.error()).isNull();
        assertThat(running.retryable()).isNull();
        assertThat(running.finishedAt()).isNull();
        // Attempt 2 does not hold the fence (the run's attempt is still 0), so its receipts are fenced.
        assertThat(running.usage()).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(new AttemptView.Usage(2, 150, 30, new BigDecimal("0.0045"), new BigDecimal("4.5"), 2));
    }

    @Test
    void aRunOfAnotherTenantHasNoAttemptsToShow() {
        GraphRun run = DB.dao(GraphRunDao.class).insert(TestRuns.accepted(TestRuns.newTenant(), "k1")).orElseThrow();
        RunAttemptsResource resource = new RunAttemptsResource(DB.dao(GraphRunDao.class), DB.dao(RunAttemptDao.class));

        assertThatThrownBy(() ->
                        resource.list(principal(TestRuns.newTenant()), RunId.parse(run.id().toString())))
                .isInstanceOf(RunNotFoundException.class);
    }

    private static ApiPrincipal principal(String tenant) {
        return new ApiPrincipal(UUID.randomUUID(), tenant, "ops@" + tenant,
                Set.of("runs:read"));
    }

    private static ChargeReceipt receipt(String tenant, UUID runId, int attempt, String unit, long in, long out,
            String cost) {
        BigDecimal price = new BigDecimal(cost);
        return new ChargeReceipt(tenant, runId, attempt, unit, "test", runId + "/" + attempt + "/" + unit,
                "builtin:echo", "m", in, out, price, price.multiply(BigDecimal.valueOf(1000)), false);
    }
}
