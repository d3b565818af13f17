package dev.graphlaunch.gateway.support;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.ProblemUnauthorizedHandler;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bearer auth for resource tests, wired as the application wires it, with a stub authenticator in
 * place of the key table: a token made by {@link #bearer} names the scopes its caller holds, in
 * tenant {@link #TENANT}; any other token is unknown (401).
 */
public final class AuthHelper {
    public static final String TENANT = "acme";
    public static final UUID KEY_ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final String TOKEN_PREFIX = "test-key;";

    private AuthHelper() {}

    /** The {@code Authorization} header of a caller holding exactly {@code scopes}. */
    public static String bearer(String... scopes) {
        return "Bearer " + TOKEN_PREFIX + String.join(",", scopes);
    }

    public static ResourceExtension.Builder register(ResourceExtension.Builder resources) {
        return resources
                .addProvider(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<ApiPrincipal>()
                        .setAuthenticator(AuthHelper::authenticate)
                        .setPrefix("Bearer")
                        .setRealm("graph-launch-gateway")
                        .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                        .buildAuthFilter()))
                .addProvider(new AuthValueFactoryProvider.Binder<>(ApiPrincipal.class));
    }

    private static Optional<ApiPrincipal> authenticate(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Set<String> scopes = Arrays.stream(token.substring(TOKEN_PREFIX.length()).split(","))
                .filter(scope -> !scope.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new ApiPrincipal(KEY_ID, TENANT, "app@acme.test", scopes));
    }
}
