package dev.graphlaunch.gateway.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlaunch.contracts.runs.RunKind;
import dev.graphlaunch.gateway.GatewayConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.temporal.common.Priority;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPrioritiesTest {

    @Test
    void byDefaultApiRunsGoFirstWebhooksInTheMiddleAndSchedulesLastEachWithItsTenantAsFairnessKey() {
        RunPriorities priorities = RunPriorities.defaults();

        assertThat(priorities.of(RunKind.USER_IMMEDIATE, "acme")).contains(priority(1, "acme"));
        assertThat(priorities.of(RunKind.SYSTEM_WEBHOOK, "acme")).contains(priority(3, "acme"));
        assertThat(priorities.of(RunKind.SYSTEM_SCHEDULED, "globex")).contains(priority(4, "globex"));
    }

    @Test
    void aTenantsWeightGivesItsRunsThatShareAndOthersKeepTheDefault() {
        RunPriorities priorities = new RunPriorities(
                new PriorityConfig(null, null, null, null, null, Map.of("acme", 2.5)));

        assertThat(priorities.of(RunKind.USER_IMMEDIATE, "acme").orElseThrow().getFairnessWeight()).isEqualTo(2.5f);
        assertThat(priorities.of(RunKind.USER_IMMEDIATE, "globex").orElseThrow().getFairnessWeight()).isZero();
    }

    @Test
    void switchingPriorityOffLeavesOnlyTheFairnessKeyAndSwitchingBothOffSetsNothing() {
        RunPriorities fairnessOnly = new RunPriorities(new PriorityConfig(false, null, null, null, true, null));
        RunPriorities priorityOnly = new RunPriorities(new PriorityConfig(true, null, null, null, false, null));
        RunPriorities neither = new RunPriorities(new PriorityConfig(false, null, null, null, false, null));

        assertThat(fairnessOnly.of(RunKind.USER_IMMEDIATE, "acme")).contains(priority(0, "acme"));
        assertThat(priorityOnly.of(RunKind.USER_IMMEDIATE, "acme"))
                .contains(Priority.newBuilder().setPriorityKey(1).build());
        assertThat(neither.of(RunKind.USER_IMMEDIATE, "acme")).isEmpty();
    }

    @Test
    void keysOutsideOneToFiveAndBadWeightsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new PriorityConfig(null, 0, null, null, null, null))
                .hasMessage("priority.userImmediate must be 1 (first) to 5 (last), got 0");
        assertThatThrownBy(() -> new PriorityConfig(null, null, null, 6, null, null))
                .hasMessageContaining("priority.systemScheduled");
        assertThatThrownBy(() -> new PriorityConfig(null, null, null, null, null, Map.of("acme", 0.0)))
                .hasMessageContaining("priority.tenantWeights.acme must be 0.001 to 1000.0");
        assertThatThrownBy(() -> new PriorityConfig(null, null, null, null, null, Map.of("Acme:x", 1.0)))
                .hasMessageContaining("'Acme:x' is not a tenant id");
    }

    @Test
    void devAndExampleConfigsKeepTheDocumentedTable() throws Exception {
        YamlConfigurationFactory<GatewayConfiguration> factory = new YamlConfigurationFactory<>(
                GatewayConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        for (String path : List.of("../config/dev.yml", "../config/gateway.example.yml")) {
            PriorityConfig config = factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                    new EnvironmentVariableSubstitutor(false)), path).getPriority();
            assertThat(config).as(path).isEqualTo(PriorityConfig.defaults());
        }
    }

    private static Priority priority(int key, String fairnessKey) {
        return Priority.newBuilder().setPriorityKey(key).setFairnessKey(fairnessKey).build();
    }
}
