package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.ProblemResponses.invalidRequest;
import static dev.graphlaunch.gateway.support.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.paging.Cursor;
import dev.graphlaunch.gateway.support.AuthHelper;
import dev.graphlaunch.gateway.support.FakeDao;
import dev.graphlaunch.gateway.support.FakeDao.Call;
import dev.graphlaunch.gateway.support.GatewayResources;
import dev.graphlaunch.gateway.triggers.webhook.WebhookDeliveryDao.DeliveryFilterParams;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook delivery log: admins only, which filters are refused, what reaches the DAO. */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookDeliveriesResourceTest {
    private static final FakeDao<WebhookDeliveryDao> DELIVERIES = FakeDao.of(WebhookDeliveryDao.class);
    private static final ResourceExtension RESOURCES =
            GatewayResources.of(new WebhookDeliveriesResource(DELIVERIES.dao()));
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @BeforeEach
    void emptyLog() {
        DELIVERIES.reset();
        DELIVERIES.answer("list", args -> List.of());
    }

    private static WebTarget deliveries() {
        return RESOURCES.target("/api/v1/admin/webhooks/github/deliveries");
    }

    private static Response list(WebTarget target) {
        return target.request().header(HttpHeaders.AUTHORIZATION, AuthHelper.bearer(Scopes.ADMIN)).get();
    }

    private static WebhookDelivery delivery(Instant receivedAt) {
        return new WebhookDelivery(UUID.randomUUID(), GitHubDeliveries.SOURCE, AuthHelper.TENANT, "d-1",
                "workflow_run", "completed", "octo-org/octo-repo", "hook-1", DeliveryOutcome.STARTED.wire(), null,
                202, UUID.randomUUID(), receivedAt, null, null, false);
    }

    @Test
    void listingWithoutAKeyIs401() {
        problem(deliveries().request().get(), 401);

        assertThat(DELIVERIES.calls()).isEmpty();
    }

    @Test
    void listingWithoutAdminIs403EvenWithEveryOtherScope() {
        Response response = deliveries().request().header(HttpHeaders.AUTHORIZATION,
                AuthHelper.bearer(Scopes.RUNS_READ, Scopes.RUNS_WRITE, Scopes.USAGE_READ, "*")).get();

        assertThat(problem(response, 403).detail()).isEqualTo("This API key lacks the 'admin' scope.");
        assertThat(DELIVERIES.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STARTED", "accepted", ""})
    void anUnknownOutcomeIs400AndListsTheOutcomes(String outcome) {
        String detail = invalidRequest(list(deliveries().queryParam("outcome", outcome)));

        assertThat(detail).isEqualTo("'outcome' must be one of started, joined, duplicate, ignored, rejected.");
        assertThat(DELIVERIES.calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "500", "fifty"})
    void aLimitOutsideOneTo200Is400(String limit) {
        String detail = invalidRequest(list(deliveries().queryParam("limit", limit)));

        assertThat(detail).isEqualTo("'limit' must be a whole number from 1 to 200.");
        assertThat(DELIVERIES.calls()).isEmpty();
    }

    @Test
    void aCursorThisApiNeverReturnedIs400() {
        String detail = invalidRequest(list(deliveries().queryParam("cursor", "%%%")));

        assertThat(detail).isEqualTo("'cursor' is not a cursor this API returned.");
        assertThat(DELIVERIES.calls()).isEmpty();
    }

    @Test
    void everyFilterReachesTheDaoForTheCallersTenantOnly() {
        Response response = list(deliveries().queryParam("outcome", DeliveryOutcome.DUPLICATE.wire())
                .queryParam("event", "workflow_run")
                .queryParam("repository", "Octo-Org/Octo-Repo")
                .queryParam("deliveryId", "d-7"));

        assertThat(response.getStatus()).isEqualTo(200);
        Call call = DELIVERIES.calls("list").get(0);
        assertThat(call.arg(0)).isEqualTo(AuthHelper.TENANT);
        assertThat(call.arg(1)).isEqualTo(new DeliveryFilterParams(
                DeliveryOutcome.DUPLICATE.wire(), "workflow_run", "Octo-Org/Octo-Repo", "d-7"));
        assertThat(call.arg(4)).as("the default limit, plus one to know whether more follow").isEqualTo(51);
    }

    @Test
    void aFullPageHandsOutTheCursorThatContinuesAfterItsLastDelivery() {
        List<WebhookDelivery> stored =
                IntStream.range(0, 4).mapToObj(i -> delivery(T0.minusSeconds(i))).toList();
        DELIVERIES.answer("list", args -> stored);

        DeliveryPage page = list(deliveries().queryParam("limit", "3")).readEntity(DeliveryPage.class);
        list(deliveries().queryParam("limit", "3").queryParam("cursor", page.nextCursor()));

        assertThat(page.items()).hasSize(3);
        Call next = DELIVERIES.calls("list").get(1);
        assertThat(next.arg(2)).isEqualTo(T0.minusSeconds(2).atOffset(ZoneOffset.UTC));
        assertThat(next.arg(3)).isEqualTo(stored.get(2).id());
        assertThat(Cursor.decode(page.nextCursor())).isEqualTo(new Cursor(T0.minusSeconds(2), stored.get(2).id()));
    }

    @Test
    void theLogNeverShowsTheSourceOrTenantColumns() {
        DELIVERIES.answer("list", args -> List.of(delivery(T0)));

        String body = list(deliveries()).readEntity(String.class);

        assertThat(body).contains("\"deliveryId\":\"d-1\"").doesNotContain("tenantId").doesNotContain("\"source\"");
    }
}
