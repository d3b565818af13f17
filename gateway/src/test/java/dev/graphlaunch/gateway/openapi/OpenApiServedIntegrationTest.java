package dev.graphlaunch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway serves its OpenAPI document to anyone, as JSON and as the YAML it is written in. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiServedIntegrationTest {
    private static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
            ConfigOverride.config("database.url", TestDatabases.fresh("openapi")));

    private static HttpJson http() {
        return new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
    }

    @Test
    void documentIsServedWithoutAuthenticationAsJsonAndYaml() throws Exception {
        Reply json = http().get("/openapi.json", null);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(json.json()).isEqualTo(OpenApiSpec.document());

        Reply yaml = http().get("/openapi.yaml", null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml.body())).isEqualTo(OpenApiSpec.document());
    }

    @Test
    void traceIsRefusedWith405ListingTheAllowedMethodsAndEchoesNothing() {
        Reply reply = http().send("TRACE", "/api/v1/runs", Map.of("X-Echo-Me", "secret-value"), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(405);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.header("Allow")).contains("GET");
        assertThat(reply.body()).doesNotContain("secret-value");
    }
}
