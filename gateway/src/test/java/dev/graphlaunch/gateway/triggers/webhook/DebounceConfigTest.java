package dev.graphlaunch.gateway.triggers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebounceConfigTest {
    private static final Validator VALIDATOR = Validators.newValidator();

    @Test
    void absentOrAZeroWindowIsOneRunPerFailure() {
        assertThat(DebounceConfig.off().appliesTo("octo-org/octo-repo")).isFalse();
        assertThat(new GitHubWebhookConfig(List.of("s"), "acme", null, List.of("octo-org/*"), null, null, null, null, null)
                .debounce().appliesTo("octo-org/octo-repo")).isFalse();
        assertThat(new DebounceConfig(Duration.seconds(0), null, null).appliesTo("octo-org/octo-repo")).isFalse();
    }

    @Test
    void aWindowAppliesToEveryRepositoryButThoseDisabledCaseInsensitively() {
        DebounceConfig debounce = new DebounceConfig(Duration.seconds(30), List.of("octo-org/Monorepo", "other/*"), null);

        assertThat(debounce.appliesTo("octo-org/octo-repo")).isTrue();
        assertThat(debounce.appliesTo("Octo-Org/monorepo")).isFalse();
        assertThat(debounce.appliesTo("other/anything")).isFalse();
        assertThat(debounce.maxFailures()).isEqualTo(DebounceConfig.DEFAULT_MAX_FAILURES);
    }

    @Test
    void aWindowOverAnHourTooFewOrTooManyFailuresOrAMalformedRepositoryAreConfigurationErrors() {
        assertThat(messages(new DebounceConfig(Duration.minutes(61), null, null)))
                .containsExactly("githubWebhook.debounce.window must be between 0 and 1h");
        assertThat(messages(new DebounceConfig(Duration.seconds(30), null, 0)))
                .containsExactly("githubWebhook.debounce.maxFailures must be between 1 and 500");
        assertThat(messages(new DebounceConfig(Duration.seconds(30), List.of("no-slash"), null)))
                .containsExactly("githubWebhook.debounce.disabledFor entries must be 'owner/name' or 'owner/*'");
        assertThat(messages(new DebounceConfig(Duration.hours(1), List.of("octo-org/*"), 500))).isEmpty();
    }

    @Test
    void theWebhookSectionValidatesItsDebounce() {
        GitHubWebhookConfig webhook = new GitHubWebhookConfig(List.of("s"), "acme", null, List.of("octo-org/*"), null,
                null, null, null, null, new DebounceConfig(Duration.seconds(30), null, 0));
        assertThat(VALIDATOR.validate(webhook)).extracting(ConstraintViolation::getMessage)
                .containsExactly("githubWebhook.debounce.maxFailures must be between 1 and 500");
    }

    private static List<String> messages(DebounceConfig config) {
        return VALIDATOR.validate(config).stream().map(ConstraintViolation::getMessage).toList();
    }
}
