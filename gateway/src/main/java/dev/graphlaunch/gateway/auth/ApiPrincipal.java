package dev.graphlaunch.gateway.auth;

import java.security.Principal;
import java.util.Set;
import java.util.UUID;

/** Who is calling: an API key of one tenant, with the scopes it was created with. */
public record ApiPrincipal(UUID keyId, String tenantId, String principal, Set<String> scopes) implements Principal {

    @Override
    public String getName() {
        return principal;
    }

    public String grantRef() {
        return "apikey:" + keyId;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public boolean mayRunGraph(String graphId) {
        return scopes.stream().anyMatch(pattern -> Scopes.graphPatternAllows(pattern, graphId));
    }

    /** @throws MissingScopeException unless the key holds {@code scope} */
    public void require(String scope) {
        if (!hasScope(scope)) {
            throw new MissingScopeException("This API key lacks the '" + scope + "' scope.");
        }
    }
}
