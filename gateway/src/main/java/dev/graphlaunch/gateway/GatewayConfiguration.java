package dev.graphlaunch.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.graphlaunch.gateway.concurrency.ConcurrencyConfig;
import dev.graphlaunch.gateway.config.BillingConfig;
import dev.graphlaunch.gateway.config.EventsConfig;
import dev.graphlaunch.gateway.config.GraphsConfig;
import dev.graphlaunch.gateway.execution.ExecutionConfig;
import dev.graphlaunch.gateway.internal.InternalApiConfig;
import dev.graphlaunch.gateway.priority.PriorityConfig;
import dev.graphlaunch.gateway.config.ReconcileConfig;
import dev.graphlaunch.gateway.config.StartBacklogConfig;
import dev.graphlaunch.gateway.ratelimit.RateLimitsConfig;
import dev.graphlaunch.gateway.schedules.SchedulesConfiguration;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import dev.graphlaunch.gateway.triggers.RelaySettings;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

public class GatewayConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    @JsonProperty
    private TemporalFactory temporal = new TemporalFactory();

    /** The worker's credential for the internal API; from the environment, never committed. */
    @NotNull
    @Size(min = 16, message = "must be at least 16 characters")
    @JsonProperty
    private String serviceToken;

    /**
     * During a rotation, the token the workers are moving to; accepted beside {@link #serviceToken}.
     * Blank (the usual {@code ${VAR:-}} of an unset variable) means none.
     */
    @JsonProperty
    private String nextServiceToken;

    /** The internal API's own connector; the public ones never serve it. */
    @Valid
    @NotNull
    @JsonProperty
    private InternalApiConfig internalApi = InternalApiConfig.defaults();

    @NotNull
    @JsonProperty
    private DataSize maxRequestBody = DataSize.kibibytes(256);

    /**
     * How long a resolved API key is trusted without reading {@code api_keys} again, so a revoked
     * key may keep authenticating this long on each replica; zero reads the table on every request.
     */
    @NotNull
    @JsonProperty
    private Duration apiKeyCacheTtl = Duration.seconds(5);

    /** How often the relay looks for workflow starts that did not go through. */
    @NotNull
    @JsonProperty
    private Duration outboxSweepInterval = Duration.seconds(1);

    /** The longest wait between two tries of one pending start while Temporal is down. */
    @NotNull
    @JsonProperty
    private Duration outboxMaxBackoff = Duration.seconds(30);

    /** Workflow starts in flight at once, per replica. */
    @Min(1)
    @JsonProperty
    private int relayConcurrency = 32;

    /** How long a claimed start belongs to one relay; must exceed {@code temporal.rpcTimeout}. */
    @NotNull
    @JsonProperty
    private Duration startLease = Duration.seconds(30);

    /** A start failing for reasons other than an outage is given up after this many tries... */
    @Min(1)
    @JsonProperty
    private int startMaxTries = 10;

    /** ...or once its run is this old. */
    @NotNull
    @JsonProperty
    private Duration startMaxAge = Duration.hours(1);

    /** Bounds of the start backlog, and when its age makes the health check fail. */
    @NotNull
    @JsonProperty
    private StartBacklogConfig startBacklog = StartBacklogConfig.defaults();

    /** Token buckets for the API triggers per key and per tenant; absent, nothing is rate-limited. */
    @Valid
    @NotNull
    @JsonProperty
    private RateLimitsConfig rateLimits = RateLimitsConfig.off();

    /** The CI-failure webhook; absent, it refuses every delivery. */
    @Valid
    @NotNull
    @JsonProperty
    private GitHubWebhookConfig githubWebhook = GitHubWebhookConfig.disabled();

    @NotNull
    @JsonProperty
    private GraphsConfig graphs = GraphsConfig.defaults();

    @NotNull
    @JsonProperty
    private BillingConfig billing = BillingConfig.defaults();

    @NotNull
    @JsonProperty
    private EventsConfig events = EventsConfig.defaults();

    @NotNull
    @JsonProperty
    private ExecutionConfig execution = ExecutionConfig.defaults();
    private ReconcileConfig reconcile = ReconcileConfig.defaults();

    /** Which waiting runs saturated workers take first, and fairness between tenants (docs/api.md). */
    @NotNull
    @JsonProperty
    private PriorityConfig priority = PriorityConfig.defaults();
    /** Per-key limits of concurrently executing runs (docs/architecture.md, "Concurrency limits"). */
    @NotNull
    @JsonProperty
    private ConcurrencyConfig concurrency = ConcurrencyConfig.unlimited();

    /** Apply migrations when the server starts (dev stack and tests); production runs {@code db migrate}. */
    @JsonProperty
    private boolean migrateOnStart = false;

    /** Ops-declared schedules; absent means no file is applied at start-up. */
    @Valid
    @JsonProperty
    private SchedulesConfiguration schedules;

    public SchedulesConfiguration getSchedules() {
        return schedules;
    }

    public PriorityConfig getPriority() {
        return priority;
    }

    public GraphsConfig getGraphs() {
        return graphs;
    }

    public BillingConfig getBilling() {
        return billing;
    }

    public ExecutionConfig getExecution() {
        return execution;
    }

    public EventsConfig getEvents() {
        return events;
    }

    public ReconcileConfig getReconcile() {
        return reconcile;
    }

    public ConcurrencyConfig getConcurrency() {
        return concurrency;
    }

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    public GitHubWebhookConfig getGithubWebhook() {
        return githubWebhook;
    }

    public DataSourceFactory getDatabase() {
        return database;
    }

    public TemporalFactory getTemporal() {
        return temporal;
    }

    public String getServiceToken() {
        return serviceToken;
    }

    /** Every token the internal API accepts: the current one, then the next one when a rotation is under way. */
    public List<String> getServiceTokens() {
        List<String> tokens = new ArrayList<>(List.of(serviceToken));
        if (hasNextServiceToken()) {
            tokens.add(nextServiceToken);
        }
        return List.copyOf(tokens);
    }

    @JsonIgnore
    @AssertTrue(message = "nextServiceToken must be blank or at least 16 characters")
    public boolean isNextServiceTokenBlankOrLongEnough() {
        return !hasNextServiceToken() || nextServiceToken.length() >= 16;
    }

    private boolean hasNextServiceToken() {
        return nextServiceToken != null && !nextServiceToken.isBlank();
    }

    public InternalApiConfig getInternalApi() {
        return internalApi;
    }

    public DataSize getMaxRequestBody() {
        return maxRequestBody;
    }

    public Duration getApiKeyCacheTtl() {
        return apiKeyCacheTtl;
    }

    public Duration getOutboxSweepInterval() {
        return outboxSweepInterval;
    }

    public Duration getOutboxMaxBackoff() {
        return outboxMaxBackoff;
    }

    public RateLimitsConfig getRateLimits() {
        return rateLimits;
    }

    public StartBacklogConfig getStartBacklog() {
        return startBacklog;
    }

    public RelaySettings relaySettings() {
        return new RelaySettings(relayConcurrency, outboxSweepInterval.toJavaDuration(),
                outboxMaxBackoff.toJavaDuration(), startLease.toJavaDuration(), startMaxTries,
                startMaxAge.toJavaDuration());
    }
}
