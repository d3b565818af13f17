package dev.graphlaunch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.execution.openai.OpenAiConfig;
import dev.graphlaunch.gateway.ratelimit.RateLimitsConfig;
import dev.graphlaunch.gateway.ratelimit.TokenBucketConfig;
import dev.graphlaunch.gateway.triggers.webhook.GitHubWebhookConfig;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import dev.graphlaunch.gateway.temporal.TemporalFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped YAML files load and validate as the gateway loads them, environment substitution included. */
class ConfigFilesTest {
    private static final YamlConfigurationFactory<GatewayConfiguration> FACTORY = new YamlConfigurationFactory<>(
            GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private static GatewayConfiguration load(String path) throws Exception {
        return FACTORY.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), path);
    }

    @Test
    void devAndExampleConfigsConfigureTheTriageWebhook() throws Exception {
        for (String path : List.of("../config/dev.yml", "../config/gateway.example.yml")) {
            GitHubWebhookConfig webhook = load(path).getGithubWebhook();
            assertThat(webhook.graph()).as(path).isEqualTo("builtin:ci-failure-triage");
            assertThat(webhook.conclusions()).as(path).containsExactlyInAnyOrder("failure", "timed_out", "startup_failure");
            assertThat(webhook.repositories()).as(path).isNotEmpty();
            assertThat(webhook.maxBody().toBytes()).as(path).isEqualTo(1024 * 1024);
            // On by default: a push that breaks three workflows is one triage run.
            assertThat(webhook.debounce().window().toSeconds()).as(path).isEqualTo(30);
            assertThat(webhook.debounce().appliesTo("octo-org/octo-repo")).as(path).isTrue();
            // Whatever the environment holds, an unset variable never turns into a secret.
            assertThat(webhook.secrets()).as(path).allSatisfy(secret -> assertThat(secret).isNotBlank().doesNotContain("${"));
        }
    }

    @Test
    void devAndExampleConfigsServeTheInternalApiOnItsOwnLoopbackPortWithOneTokenUnlessRotating() throws Exception {
        for (String path : List.of("../config/dev.yml", "../config/gateway.example.yml")) {
            GatewayConfiguration config = load(path);
            assertThat(config.getInternalApi().port()).as(path).isEqualTo(8082);
            if (System.getenv("GRAPHLAUNCH_INTERNAL_BIND_HOST") == null) {
                assertThat(config.getInternalApi().bindHost()).as(path).isEqualTo("127.0.0.1");
            }
            if (System.getenv("GRAPHLAUNCH_NEXT_SERVICE_TOKEN") == null) {
                assertThat(config.getServiceTokens()).as(path).hasSize(1);
            }
        }
    }

    @Test
    void exampleConfigsCommentedTemporalCloudOptionsLoadWhenUncommented() throws Exception {
        String example = Files.readString(Path.of("../config/gateway.example.yml"));
        String uncommented = example.replaceAll("(?m)^  # (apiKey|tls:|  enabled|  caFile|  certFile|  keyFile|  serverName)", "  $1");
        assertThat(uncommented).contains("\n  tls:\n    enabled: true");
        Path file = Files.createTempFile("gateway-tls", ".yml");
        Files.writeString(file, uncommented);

        TemporalFactory temporal = load(file.toString()).getTemporal();

        assertThat(temporal.connection().usesTls()).isTrue();
        if (System.getenv("TEMPORAL_API_KEY") == null) {
            assertThat(temporal.connection().apiKey()).isNull();
            assertThat(temporal.connection().tls().caFile()).isNull();
        }
        assertThat(temporal.toString()).contains("tls=TemporalTlsConfig[enabled=true");
    }

    @Test
    void devAndExampleConfigsRateLimitApiTriggersPerKeyAndPerTenant() throws Exception {
        for (String path : List.of("../config/dev.yml", "../config/gateway.example.yml")) {
            RateLimitsConfig limits = load(path).getRateLimits();
            assertThat(limits.perKey()).as(path).isEqualTo(new TokenBucketConfig(60L, 1d));
            assertThat(limits.perTenant()).as(path).isEqualTo(new TokenBucketConfig(600L, 10d));
        }
    }

    @Test
    void devConfigLeavesTheOpenAiNamespaceOff() throws Exception {
        GatewayConfiguration dev = load("../config/dev.yml");
        assertThat(dev.getGraphs().openai().enabled()).isFalse();
        assertThat(dev.getEvents().heartbeatInterval().toSeconds()).isEqualTo(15);
    }

    @Test
    void exampleConfigHasAPricedOpenAiEndpointAndNoKeyInTheFile() throws Exception {
        GatewayConfiguration example = load("../config/gateway.example.yml");
        OpenAiConfig openai = example.getGraphs().openai();
        assertThat(openai.enabled()).isTrue();
        assertThat(openai.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(openai.modelFor("chat")).isEqualTo("gpt-4o-mini");
        assertThat(openai.modelFor("unmapped")).isNull();
        assertThat(openai.prices().get("gpt-4o-mini").cost(1000, 1000)).isEqualByComparingTo("0.00075");
        assertThat(example.getBilling().creditsPerCostUnit()).isEqualByComparingTo(BigDecimal.valueOf(1000));
    }

    @Test
    void unresolvedSecretVariableStopsTheGatewayFromStarting() {
        assertThatThrownBy(() -> FACTORY.build(new ResourceConfigurationSourceProvider(), "unresolved-webhook-secret.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("unresolved");
    }

    @Test
    void unsetVariableWithoutDefaultStopsTheStartInsteadOfBecomingLiteralText() {
        assertThatThrownBy(() -> FACTORY.build(
                        GatewayApplication.substitutingEnvironment(new ResourceConfigurationSourceProvider()),
                        "unset-service-token.yml"))
                .isInstanceOf(UndefinedEnvironmentVariableException.class)
                .hasMessageContaining("GRAPHLAUNCH_TEST_NEVER_SET");
    }

    @Test
    void devAndExampleConfigsCatchUpOnlyWithATokenAndNeverPrintIt() throws Exception {
        for (String path : List.of("../config/dev.yml", "../config/gateway.example.yml")) {
            GitHubWebhookConfig webhook = load(path).getGithubWebhook();
            assertThat(webhook.catchUp().apiUrl()).as(path).isEqualTo("https://api.github.com");
            String token = System.getenv("GITHUB_TOKEN");
            assertThat(webhook.catchUp().active()).as(path).isEqualTo(token != null && !token.isBlank());
            if (token != null && !token.isBlank()) {
                assertThat(webhook.toString()).as(path).doesNotContain(token);
            }
        }
        assertThat(load("../config/gateway.example.yml").getGithubWebhook().catchUpRepositories())
                .containsExactly("my-org/my-service");
    }

    @Test
    void catchUpEnabledWithoutATokenStopsTheStart() throws Exception {
        assertThatThrownBy(() -> load(devWithCatchUp("enabled: true\n    token: \"${GRAPHLAUNCH_TEST_NEVER_SET:-}\"")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("catchUp is enabled but has no token");
    }

    @Test
    void catchUpListsOnlyExactNamesTheAllowListAllows() throws Exception {
        assertThatThrownBy(() -> load(devWithCatchUp("token: t\n    repositories: [other-org/repo]")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("catchUp.repositories");
        assertThatThrownBy(() -> load(devWithCatchUp("token: t\n    repositories: [octo-org/*]")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("catchUp.repositories");
        assertThatThrownBy(() -> load(devWithCatchUp("token: t\n    apiUrl: \"ftp://github.example\"")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("apiUrl");
        // The token would cross the network in clear.
        assertThatThrownBy(() -> load(devWithCatchUp("token: t\n    apiUrl: \"http://github.example/api/v3\"")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("apiUrl");
        GitHubWebhookConfig webhook = load(devWithCatchUp("token: t\n    repositories: [Octo-Org/Octo-Repo]"))
                .getGithubWebhook();
        assertThat(webhook.catchUp().active()).isTrue();
        assertThat(webhook.catchUpRepositories()).containsExactly("Octo-Org/Octo-Repo");
    }

    @Test
    void withoutCatchUpRepositoriesTheAllowListsExactNamesAreListedAndPatternsAreNot() {
        GitHubWebhookConfig webhook = new GitHubWebhookConfig(List.of("s"), "acme", null,
                List.of("octo-org/*", "other-org/one-repo"), null, null, null, null, null);

        assertThat(webhook.catchUpRepositories()).containsExactly("other-org/one-repo");
        assertThat(webhook.catchUp().active()).isFalse();
    }

    /** config/dev.yml with its catchUp section replaced by {@code settings} (indented as its keys). */
    private static String devWithCatchUp(String settings) throws Exception {
        String dev = Files.readString(Path.of("../config/dev.yml"));
        String section = "  catchUp:\n    token: \"${GITHUB_TOKEN:-}\"\n";
        assertThat(dev).contains(section);
        Path file = Files.createTempFile("gateway-catch-up", ".yml");
        file.toFile().deleteOnExit();
        Files.writeString(file, dev.replace(section, "  catchUp:\n    " + settings + "\n"));
        return file.toString();
    }

    @Test
    void missingSectionLeavesTheWebhookDisabled() {
        GitHubWebhookConfig webhook = GitHubWebhookConfig.disabled();
        assertThat(webhook.enabled()).isFalse();
        assertThat(webhook.isTenantSetWhenEnabled()).isTrue();
        assertThat(new GitHubWebhookConfig(List.of("s"), null, null, null, null, null, null, null, null)
                .isTenantSetWhenEnabled()).isFalse();
    }
}
