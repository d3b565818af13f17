package dev.graphlaunch.gateway.triggers.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.AssertTrue;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code githubWebhook.debounce}: failures of one commit that arrive within {@code window} of its
 * first failure become one triage run. Absent, or a window of 0, is one run per failure, as before
 * the debounce existed, so a gateway whose YAML does not mention it behaves as it did.
 *
 * @param window how long the first failure of a commit waits for the others before its run starts
 * @param disabledFor {@code owner/name} or {@code owner/*}: repositories that get one run per failure
 * @param maxFailures a run lists at most this many failures; the next one of the commit opens a follow-up
 */
public record DebounceConfig(Duration window, List<String> disabledFor, Integer maxFailures) {
    public static final int DEFAULT_MAX_FAILURES = 50;
    private static final long MAX_WINDOW_SECONDS = TimeUnit.HOURS.toSeconds(1);

    public DebounceConfig {
        window = window == null ? Duration.seconds(0) : window;
        disabledFor = disabledFor == null ? List.of() : List.copyOf(disabledFor);
        maxFailures = maxFailures == null ? DEFAULT_MAX_FAILURES : maxFailures;
    }

    public static DebounceConfig off() {
        return new DebounceConfig(null, null, null);
    }

    /** True when failures of {@code repository} are collected per commit. */
    public boolean appliesTo(String repository) {
        return window.toMilliseconds() > 0 && repository != null
                && disabledFor.stream().map(RepositoryPattern::parse).noneMatch(pattern -> pattern.matches(repository));
    }

    public java.time.Duration javaWindow() {
        return window.toJavaDuration();
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.debounce.window must be between 0 and 1h")
    public boolean isWindowInRange() {
        return window.toSeconds() <= MAX_WINDOW_SECONDS;
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.debounce.maxFailures must be between 1 and 500")
    public boolean isMaxFailuresInRange() {
        return maxFailures >= 1 && maxFailures <= 500;
    }

    @JsonIgnore
    @AssertTrue(message = "githubWebhook.debounce.disabledFor entries must be 'owner/name' or 'owner/*'")
    public boolean isDisabledForWellFormed() {
        return disabledFor.stream().allMatch(RepositoryPattern::isWellFormed);
    }
}
