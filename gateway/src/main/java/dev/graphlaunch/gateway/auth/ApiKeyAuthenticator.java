package dev.graphlaunch.gateway.auth;

import io.dropwizard.auth.Authenticator;
import java.util.Optional;

public class ApiKeyAuthenticator implements Authenticator<String, ApiPrincipal> {
    private final ApiKeys apiKeys;

    public ApiKeyAuthenticator(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String bearerToken) {
        return apiKeys.resolve(bearerToken);
    }
}
