package dev.graphlaunch.gateway.triggers.webhook.catchup;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.errors.InvalidRequestException;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/**
 * Catch-up for admins of the tenant the webhook serves: each repository's scan status, and a scan
 * now (after an outage, say) instead of at the next interval.
 */
@Path("/api/v1/admin/webhooks/github/catch-up")
@Produces(MediaType.APPLICATION_JSON)
public class CatchUpResource {
    private final GitHubWebhookConfig config;
    private final CatchUpPoller poller;

    /** @param poller null when catch-up is off */
    public CatchUpResource(GitHubWebhookConfig config, CatchUpPoller poller) {
        this.config = config;
        this.poller = poller;
    }

    @GET
    public CatchUpView status(@Auth ApiPrincipal caller) {
        caller.require(Scopes.ADMIN);
        if (!caller.tenantId().equals(config.tenant())) {
            throw new CatchUpNotEnabledException();
        }
        return new CatchUpView(poller != null, config.catchUp().apiUrl(), config.catchUp().interval().toString(),
                config.catchUp().lookback().toString(), poller == null ? List.of() : poller.status());
    }

    /** Scans every repository, or only {@code repository}; answers when the scans have ended. */
    @POST
    @Path("scans")
    public ScanReports scanNow(@Auth ApiPrincipal caller, @QueryParam("repository") String repository) {
        caller.require(Scopes.ADMIN);
        if (poller == null || !caller.tenantId().equals(config.tenant())) {
            throw new CatchUpNotEnabledException();
        }
        List<String> which = poller.repositories();
        if (repository != null) {
            String wanted = repository.strip().toLowerCase(Locale.ROOT);
            if (!which.contains(wanted)) {
                throw new InvalidRequestException("'repository' must be one catch-up lists: " + which + ".");
            }
            which = List.of(wanted);
        }
        return new ScanReports(poller.scanNow(which));
    }
}
