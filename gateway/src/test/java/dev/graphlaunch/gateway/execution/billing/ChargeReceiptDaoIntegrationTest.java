package dev.graphlaunch.gateway.execution.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.runs.GraphRun;
import dev.graphlaunch.gateway.runs.GraphRunDao;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import dev.graphlaunch.gateway.usage.UsageDao;
import dev.graphlaunch.gateway.usage.UsageGroup;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One receipt per (source system, source reference): a replayed attempt is billed once, at its first price. */
class ChargeReceiptDaoIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final String TOTAL = "'total'";

    private ChargeReceiptDao receipts;
    private GraphRun run;

    @BeforeEach
    void recordARun() {
        receipts = DB.dao(ChargeReceiptDao.class);
        run = DB.dao(GraphRunDao.class).insert(TestRuns.accepted(TestRuns.newTenant(), "k1")).orElseThrow();
    }

    @Test
    void theSameUsageUnitIsBilledOnceAtItsFirstPrice() {
        assertThat(receipts.insert(receipt("openai", "call-1", "0.25"))).isEqualTo(1);

        assertThat(receipts.insert(receipt("openai", "call-1", "9.99"))).isZero();

        UsageGroup usage = usage();
        assertThat(usage.receipts()).isEqualTo(1);
        assertThat(usage.cost()).isEqualByComparingTo("0.25");
    }

    @Test
    void anotherUsageUnitOfTheSameAttemptIsBilledToo() {
        receipts.insert(receipt("openai", "call-1", "0.25"));

        assertThat(receipts.insert(receipt("openai", "call-2", "0.50"))).isEqualTo(1);

        assertThat(usage().cost()).isEqualByComparingTo("0.75");
    }

    @Test
    void theSameReferenceFromAnotherSourceSystemIsAnotherReceipt() {
        receipts.insert(receipt("openai", "call-1", "0.25"));

        assertThat(receipts.insert(receipt("builtin", "call-1", "0.10"))).isEqualTo(1);

        assertThat(usage().receipts()).isEqualTo(2);
    }

    private ChargeReceipt receipt(String sourceSystem, String unitId, String cost) {
        return new ChargeReceipt(run.tenantId(), run.id(), 1, unitId, sourceSystem, run.id() + "/1/" + unitId,
                run.graphId(), "stub-model", 3, 4, new BigDecimal(cost), new BigDecimal(cost).scaleByPowerOfTen(3), false);
    }

    /** What the tenant's usage view shows for the last day. */
    private UsageGroup usage() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return DB.dao(UsageDao.class).sum(TOTAL, run.tenantId(), now.minusDays(1), now.plusMinutes(1)).get(0);
    }
}
