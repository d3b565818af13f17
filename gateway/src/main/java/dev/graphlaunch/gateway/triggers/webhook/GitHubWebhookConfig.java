package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.graphlaunch.gateway.auth.TenantIds;
import dev.graphlaunch.gateway.triggers.webhook.catchup.CatchUpConfig;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code githubWebhook} section of the gateway YAML. Without a non-blank secret the route
 * refuses every delivery (fail closed), so a gateway without this section is safe.
 *
 * @param secrets every secret a delivery may be signed with; more than one while rotating. Blank
 *     entries are ignored, so {@code "${GITHUB_WEBHOOK_PREVIOUS_SECRET:-}"} can stay in the file.
 * @param tenant the tenant every webhook run belongs to
 * @param graph the graph each failing workflow run starts
 * @param repositories {@code owner/name} or {@code owner/*}, compared case-insensitively; empty allows none
 * @param branches branch names, {@code *} matching any characters; empty allows every branch
 * @param conclusions the {@code workflow_run.conclusion} values that count as a failure
 * @param requestedByPrefix put before {@code sender.login} in the run's {@code requested_by}
 * @param maxBody deliveries larger than this are refused with 413
 * @param keepBodiesFor how long the raw body of a verified delivery is kept so an admin can replay
 *     it; zero keeps none
 * @param debounce how failures of one commit are collected into one run; absent is one run per failure
 * @param catchUp polling GitHub's REST API for failures no delivery brought (docs/github-webhook.md#catch-up)
 */
public record GitHubWebhookConfig(
        List<String> secrets,
        String tenant,
        String graph,
        List<String> repositories,
        List<String> branches,
        Set<String> conclusions,
        String requestedByPrefix,
        DataSize maxBody,
        Duration keepBodiesFor,
        @Valid DebounceConfig debounce,
        CatchUpConfig catchUp) {

    public static final String DEFAULT_GRAPH = "builtin:ci-failure-triage";
    public static final Duration DEFAULT_KEEP_BODIES_FOR = Duration.days(7);
    public static final Set<String> DEFAULT_CONCLUSIONS = Set.of("failure", "timed_out", "startup_failure");

    public GitHubWebhookConfig {
        secrets = secrets == null ? List.of() : secrets.stream().filter(Objects::nonNull).filter(s -> !s.isBlank()).toList();
        graph = graph == null ? DEFAULT_GRAPH : graph;
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        branches = branches == null ? List.of() : List.copyOf(branches);
        conclusions = conclusions == null ? DEFAULT_CONCLUSIONS : Set.copyOf(conclusions);
        requestedByPrefix = requestedByPrefix == null ? "github:" : requestedByPrefix;
        maxBody = maxBody == null ? DataSize.mebibytes(1) : maxBody;
        keepBodiesFor = keepBodiesFor == null ? DEFAULT_KEEP_BODIES_FOR : keepBodiesFor;
        debounce = debounce == null ? DebounceConfig.off() : debounce;
        catchUp = catchUp == null ? CatchUpConfig.defaults() : catchUp;
    }

    /** Without debounce: one run per failure; catch-up off unless a token turns it on. */
    public GitHubWebhookConfig(List<String> secrets, String tenant, String graph, List<String> repositories,
            List<String> branches, Set<String> conclusions, String requestedByPrefix, DataSize maxBody,
            Duration keepBodiesFor) {
        this(secrets, tenant, graph, repositories, branches, conclusions, requestedByPrefix, maxBody, keepBodiesFor,
                null, null);
    }

    /** Catch-up off unless a token turns it on. */
    public GitHubWebhookConfig(List<String> secrets, String tenant, String graph, List<String> repositories,
            List<String> branches, Set<String> conclusions, String requestedByPrefix, DataSize maxBody,
            Duration keepBodiesFor, DebounceConfig debounce) {
        this(secrets, tenant, graph, repositories, branches, conclusions, requestedByPrefix, maxBody, keepBodiesFor,
                debounce, null);
    }

    /** No secrets: the route answers 503 to everything. */
    public static GitHubWebhookConfig disabled() {
        return new GitHubWebhookConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonIgnore
    public boolean enabled() {
        return !secrets.isEmpty();
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook needs a 'tenant' when a secret is configured")
    public boolean isTenantSetWhenEnabled() {
        return !enabled() || (tenant != null && !tenant.isBlank());
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.tenant must be " + TenantIds.RULE)
    public boolean isTenantWellFormed() {
        return tenant == null || tenant.isBlank() || TenantIds.isValid(tenant);
    }

    /**
     * With a non-strict substitutor an unset {@code ${VAR}} without default stays in the YAML as
     * text; taken as a secret, anyone who can read the config file could sign deliveries.
     */
    @JsonIgnore
    @AssertTrue(message = "githubWebhook 'secrets' holds an unresolved ${...}: set the environment variable or use ${VAR:-}")
    public boolean isEverySecretResolved() {
        return secrets.stream().noneMatch(secret -> secret.strip().startsWith("${"));
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.keepBodiesFor must not be negative")
    public boolean isKeepBodiesForNotNegative() {
        return keepBodiesFor.toJavaDuration().compareTo(java.time.Duration.ZERO) >= 0;
    }

    @JsonIgnore
    public boolean keepsBodies() {
        return keepBodiesFor.toJavaDuration().compareTo(java.time.Duration.ZERO) > 0;
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook 'repositories' entries must be 'owner/name' or 'owner/*'")
    public boolean isRepositoryListWellFormed() {
        return repositories.stream().allMatch(RepositoryPattern::isWellFormed);
    }

    /**
     * The repositories catch-up lists: as configured, else the exact {@code owner/name} entries of
     * the allow-list, since GitHub cannot list the runs of {@code owner/*} without the names.
     */
    @JsonIgnore
    public List<String> catchUpRepositories() {
        List<String> named = catchUp.repositories() != null ? catchUp.repositories()
                : repositories.stream().filter(entry -> !entry.endsWith("/*")).toList();
        return named.stream().filter(Objects::nonNull).map(String::strip).distinct().toList();
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.catchUp is enabled but has no token: set GITHUB_TOKEN (an installation"
            + " token or fine-grained PAT with Actions: read), or set catchUp.enabled to false")
    public boolean isCatchUpTokenSetWhenEnabled() {
        return !Boolean.TRUE.equals(catchUp.enabled()) || catchUp.hasToken();
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.catchUp.token holds an unresolved ${...}: set the environment variable or use ${VAR:-}")
    public boolean isCatchUpTokenResolved() {
        return !catchUp.hasToken() || !catchUp.token().startsWith("${");
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.catchUp needs githubWebhook.tenant: catch-up runs belong to the webhook's tenant")
    public boolean isTenantSetWhenCatchingUp() {
        return !catchUp.active() || (tenant != null && !tenant.isBlank());
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.catchUp.apiUrl must be an https URL such as https://api.github.com"
            + " or https://HOST/api/v3 (http only to localhost)")
    public boolean isCatchUpApiUrlWellFormed() {
        return catchUp.isApiUrlWellFormed();
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.catchUp.repositories entries must be exact 'owner/name's that"
            + " githubWebhook.repositories allows")
    public boolean isEveryCatchUpRepositoryAllowed() {
        if (catchUp.repositories() == null || !isRepositoryListWellFormed()) {
            return true; // nothing to check, or the allow-list's own check reports it
        }
        DeliveryFilter filter = new DeliveryFilter(this);
        return catchUp.repositories().stream().allMatch(repository -> RepositoryPattern.isWellFormed(repository)
                && !repository.endsWith("/*") && filter.repositoryAllowed(repository));
    }

    @Override
    public String toString() {
        // Never print the secrets, e.g. when a configuration object is logged.
        return "GitHubWebhookConfig[secrets=" + secrets.size() + ", tenant=" + tenant + ", graph=" + graph
                + ", repositories=" + repositories + ", branches=" + branches + ", conclusions=" + conclusions
                + ", keepBodiesFor=" + keepBodiesFor + ", debounce=" + debounce + ", catchUp=" + catchUp + "]";
    }
}
