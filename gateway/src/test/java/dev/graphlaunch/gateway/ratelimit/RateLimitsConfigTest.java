package dev.graphlaunch.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code rateLimits} section as the gateway reads and validates it at start-up. */
class RateLimitsConfigTest {
    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());
    private static final Validator VALIDATOR = Validators.newValidator();

    private static RateLimitsConfig read(String yaml) throws Exception {
        return YAML.readValue(yaml, RateLimitsConfig.class);
    }

    private static Set<String> violations(RateLimitsConfig config) {
        return VALIDATOR.validate(config).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.toSet());
    }

    @Test
    void everyPartIsOptionalAndNothingConfiguredMeansOff() throws Exception {
        assertThat(RateLimitsConfig.off().enabled()).isFalse();
        assertThat(read("{}").enabled()).isFalse();
        assertThat(read("perTenant: {capacity: 10, refillPerSecond: 0.5}").enabled()).isTrue();
    }

    @Test
    void tenantsAndKeysGetTheirOwnBucketsAndTheRestTheDefault() throws Exception {
        UUID key = UUID.fromString("3f1c2d4e-0000-4000-8000-000000000001");
        RateLimitsConfig config = read("""
                perKey: {capacity: 60, refillPerSecond: 1}
                tenants:
                  acme: {capacity: 3000, refillPerSecond: 50}
                keys:
                  3f1c2d4e-0000-4000-8000-000000000001: {capacity: 5, refillPerSecond: 0.1}
                """);
        assertThat(violations(config)).isEmpty();
        assertThat(config.forKey(key)).isEqualTo(new TokenBucketConfig(5L, 0.1));
        assertThat(config.forKey(UUID.randomUUID())).isEqualTo(new TokenBucketConfig(60L, 1d));
        assertThat(config.forTenant("acme")).isEqualTo(new TokenBucketConfig(3000L, 50d));
        assertThat(config.forTenant("globex")).isNull();
    }

    @Test
    void aBucketWithoutCapacityOrRefillIsRefused() throws Exception {
        assertThat(violations(read("perKey: {capacity: 0, refillPerSecond: 1}")))
                .containsExactly("perKey.capacity must be greater than or equal to 1");
        assertThat(violations(read("perTenant: {capacity: 5, refillPerSecond: 0}")))
                .containsExactly("perTenant.refillPerSecond must be greater than 0");
        assertThat(violations(read("tenants: {acme: {capacity: 5}}")))
                .anyMatch(v -> v.contains("refillPerSecond") && v.contains("must not be null"));
        assertThat(violations(read("keys: {3f1c2d4e-0000-4000-8000-000000000001: {refillPerSecond: 1}}")))
                .anyMatch(v -> v.contains("capacity") && v.contains("must not be null"));
    }

    @Test
    void aTenantNameThatIsNoTenantIdIsRefused() {
        RateLimitsConfig config = new RateLimitsConfig(null, null, Map.of("Acme Corp", new TokenBucketConfig(1L, 1d)), null);
        Set<ConstraintViolation<RateLimitsConfig>> violations = VALIDATOR.validate(config);
        assertThat(violations).extracting(ConstraintViolation::getMessage)
                .containsExactly("rateLimits.tenants: every name must be a tenant id (" + dev.graphlaunch.gateway.auth.TenantIds.RULE + ")");
    }
}
