package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.graphlaunch.gateway.auth.TenantIds;
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
        @Valid DebounceConfig debounce) {

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
    }

    /** Without debounce: one run per failure. */
    public GitHubWebhookConfig(List<String> secrets, String tenant, String graph, List<String> repositories,
            List<String> branches, Set<String> conclusions, String requestedByPrefix, DataSize maxBody,
            Duration keepBodiesFor) {
        this(secrets, tenant, graph, repositories, branches, conclusions, requestedByPrefix, maxBody, keepBodiesFor,
                null);
    }

    /** No secrets: the route answers 503 to everything. */
    public static GitHubWebhookConfig disabled() {
        return new GitHubWebhookConfig(null, null, null, null, null, null, null, null, null, null);
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

    @Override
    public String toString() {
        // Never print the secrets, e.g. when a configuration object is logged.
        return "GitHubWebhookConfig[secrets=" + secrets.size() + ", tenant=" + tenant + ", graph=" + graph
                + ", repositories=" + repositories + ", branches=" + branches + ", conclusions=" + conclusions
                + ", keepBodiesFor=" + keepBodiesFor + ", debounce=" + debounce + "]";
    }
}
