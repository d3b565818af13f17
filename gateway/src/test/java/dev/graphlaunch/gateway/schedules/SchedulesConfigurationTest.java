package dev.graphlaunch.gateway.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.gateway.GatewayConfiguration;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.junit.jupiter.api.Test;

class SchedulesConfigurationTest {
    private final YamlConfigurationFactory<GatewayConfiguration> factory = new YamlConfigurationFactory<>(
            GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void theDevStackAppliesTheExampleFileAtStartUp() throws Exception {
        GatewayConfiguration dev = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "../config/dev.yml");

        assertThat(dev.getSchedules()).isEqualTo(new SchedulesConfiguration("config/schedules.yml", true));
    }

    @Test
    void applyOnStartWithoutAFileIsAConfigurationError() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "schedules-without-file.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("schedules.file must not be blank");
    }
}
