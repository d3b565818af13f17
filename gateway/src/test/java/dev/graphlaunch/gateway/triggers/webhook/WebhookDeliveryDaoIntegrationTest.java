package dev.graphlaunch.gateway.triggers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.paging.Cursor;
import dev.graphlaunch.gateway.support.MigratedDatabase;
import dev.graphlaunch.gateway.support.TestRuns;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveryDao.DeliveryFilterParams;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The delivery log as an admin lists it: their tenant only, newest first, each filter narrowing it. */
class WebhookDeliveryDaoIntegrationTest {
    @RegisterExtension
    static final MigratedDatabase DB = new MigratedDatabase();
    private static final DeliveryFilterParams ANY = new DeliveryFilterParams(null, null, null, null);

    private WebhookDeliveryDao deliveries;
    private String tenant;
    private WebhookDelivery started;
    private WebhookDelivery ignored;
    private WebhookDelivery ping;
    private WebhookDelivery redelivered;

    @BeforeEach
    void logSomeDeliveries() {
        deliveries = DB.dao(WebhookDeliveryDao.class);
        tenant = TestRuns.newTenant();
        started = logged(tenant, "d-1", "workflow_run", "Octo-Org/Octo-Repo", DeliveryOutcome.STARTED);
        ignored = logged(tenant, "d-2", "workflow_run", "octo-org/other", DeliveryOutcome.IGNORED);
        ping = logged(tenant, "d-3", "ping", null, DeliveryOutcome.IGNORED);
        redelivered = logged(tenant, "d-1", "workflow_run", "octo-org/octo-repo", DeliveryOutcome.DUPLICATE);
        logged(TestRuns.newTenant(), "d-1", "workflow_run", "octo-org/octo-repo", DeliveryOutcome.STARTED);
    }

    @Test
    void withoutFiltersTheTenantsDeliveriesComeNewestFirst() {
        assertThat(ids(ANY, 10)).containsExactly(redelivered.id(), ping.id(), ignored.id(), started.id());
    }

    @Test
    void theOutcomeFilterKeepsThatOutcome() {
        assertThat(ids(new DeliveryFilterParams(DeliveryOutcome.IGNORED.wire(), null, null, null), 10))
                .containsExactly(ping.id(), ignored.id());
    }

    @Test
    void theEventFilterKeepsThatEvent() {
        assertThat(ids(new DeliveryFilterParams(null, "ping", null, null), 10)).containsExactly(ping.id());
    }

    @Test
    void theRepositoryFilterIgnoresCaseAsGitHubDoes() {
        assertThat(ids(new DeliveryFilterParams(null, null, "OCTO-ORG/octo-repo", null), 10))
                .containsExactly(redelivered.id(), started.id());
    }

    @Test
    void theDeliveryIdFilterFindsEveryArrivalOfThatDelivery() {
        assertThat(ids(new DeliveryFilterParams(null, null, null, "d-1"), 10))
                .containsExactly(redelivered.id(), started.id());
    }

    @Test
    void filtersCombine() {
        assertThat(ids(new DeliveryFilterParams(DeliveryOutcome.STARTED.wire(), "workflow_run", null, "d-1"), 10))
                .containsExactly(started.id());
    }

    @Test
    void theNextPageStartsAfterTheCursor() {
        List<WebhookDelivery> firstPage = deliveries.list(tenant, ANY, null, null, 2);
        Cursor last = new Cursor(firstPage.get(1).receivedAt(), firstPage.get(1).id());

        List<WebhookDelivery> nextPage = deliveries.list(tenant, ANY, last.createdAtUtc(), last.id(), 10);

        assertThat(firstPage).extracting(WebhookDelivery::id).containsExactly(redelivered.id(), ping.id());
        assertThat(nextPage).extracting(WebhookDelivery::id).containsExactly(ignored.id(), started.id());
    }

    @Test
    void aRefusedDeliveryWithoutTenantIsInNoTenantsLog() {
        logged(null, null, null, null, DeliveryOutcome.REJECTED);

        assertThat(ids(new DeliveryFilterParams(DeliveryOutcome.REJECTED.wire(), null, null, null), 10)).isEmpty();
    }

    private WebhookDelivery logged(String tenantId, String deliveryId, String event, String repository,
            DeliveryOutcome outcome) {
        WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID(), GitHubDeliveries.SOURCE, tenantId, deliveryId, event,
                "completed", repository, "hook-1", outcome.wire(), null, 202, null, null, null, null, false);
        deliveries.insert(delivery);
        return delivery;
    }

    private List<UUID> ids(DeliveryFilterParams filter, int limit) {
        return deliveries.list(tenant, filter, null, null, limit).stream().map(WebhookDelivery::id).toList();
    }
}
