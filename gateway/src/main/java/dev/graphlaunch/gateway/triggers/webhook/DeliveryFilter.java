package dev.graphlaunch.gateway.triggers.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which verified {@code workflow_run} deliveries start a run: completed, failing, on an allowed
 * repository and branch. Everything else is accepted and ignored, with the reason.
 */
public class DeliveryFilter {
    private final List<RepositoryPattern> repositories;
    private final List<Pattern> branches;
    private final Set<String> failingConclusions;

    public DeliveryFilter(GitHubWebhookConfig config) {
        this.repositories = config.repositories().stream().map(RepositoryPattern::parse).toList();
        this.branches = config.branches().stream().map(DeliveryFilter::glob).toList();
        this.failingConclusions = config.conclusions();
    }

    public boolean repositoryAllowed(String fullName) {
        return fullName != null && repositories.stream().anyMatch(pattern -> pattern.matches(fullName));
    }

    public boolean branchAllowed(String branch) {
        return branches.isEmpty() || (branch != null && branches.stream().anyMatch(p -> p.matcher(branch).matches()));
    }

    /** Empty when the delivery should start a run; otherwise why it does not. */
    public Optional<String> whyIgnored(WorkflowRunEvent run) {
        if (!"completed".equals(run.action())) {
            return Optional.of("workflow_run action '" + run.action() + "' is not 'completed'");
        }
        if (!repositoryAllowed(run.repository())) {
            return Optional.of("repository '" + run.repository() + "' is not in the allow-list");
        }
        // Immutable sets refuse contains(null); a completed run without a conclusion is no failure.
        if (run.conclusion() == null || !failingConclusions.contains(run.conclusion())) {
            return Optional.of("conclusion '" + run.conclusion() + "' is not one of " + failingConclusions.stream().sorted().toList());
        }
        if (!branchAllowed(run.branch())) {
            return Optional.of("branch '" + run.branch() + "' is not in the branch filter");
        }
        return Optional.empty();
    }

    /** {@code *} matches any run of characters, slashes included ({@code release/*}); nothing else is special. */
    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
