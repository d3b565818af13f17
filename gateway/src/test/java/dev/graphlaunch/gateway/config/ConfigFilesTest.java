package dev.graphlaunch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.GatewayConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped configuration files bind to the configuration classes, with the settings they document. */
class ConfigFilesTest {
    private static final Path CONFIG = Path.of("..", "config");

    private static GatewayConfiguration load(String file) throws Exception {
        var factory = new YamlConfigurationFactory<>(GatewayConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw");
        // Unset variables stay as written (non-strict): only the file's shape is under test.
        var source = new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false));
        return factory.build(source, CONFIG.resolve(file).toString());
    }

    @Test
    void devConfigLeavesTheOpenAiNamespaceOff() throws Exception {
        GatewayConfiguration dev = load("dev.yml");
        assertThat(dev.getGraphs().openai().enabled()).isFalse();
        assertThat(dev.getEvents().heartbeatInterval().toSeconds()).isEqualTo(15);
    }

    @Test
    void exampleConfigHasAnOpenAiEndpointWithPricesAndNoKeyInTheFile() throws Exception {
        GatewayConfiguration example = load("gateway.example.yml");
        var openai = example.getGraphs().openai();
        assertThat(openai.enabled()).isTrue();
        assertThat(openai.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(openai.modelFor("chat")).isEqualTo("gpt-4o-mini");
        assertThat(openai.modelFor("unmapped")).isNull();
        assertThat(openai.prices().get("gpt-4o-mini").cost(1000, 1000)).isEqualByComparingTo("0.00075");
        assertThat(example.getBilling().creditsPerCostUnit()).isEqualByComparingTo(BigDecimal.valueOf(1000));
    }
}
