package dev.graphlaunch.gateway.grants;

import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.gateway.auth.ApiKey;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.auth.Scopes;
import dev.graphlaunch.gateway.runs.GraphRun;
import java.util.Optional;
import java.util.UUID;

/** A run started with an API key runs only while that key is unrevoked and still scoped for the graph. */
public class ApiKeyGrantPolicy implements GrantPolicy {
    private final ApiKeys apiKeys;

    public ApiKeyGrantPolicy(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public String kind() {
        return "apikey";
    }

    @Override
    public GrantDecision check(GraphRun run, String grantId) {
        Optional<ApiKey> key;
        try {
            key = apiKeys.find(UUID.fromString(grantId));
        } catch (IllegalArgumentException malformed) {
            key = Optional.empty();
        }
        if (key.isEmpty() || !key.get().tenantId().equals(run.tenantId())) {
            return GrantDecision.deny("API key " + grantId + " does not exist");
        }
        if (!key.get().isActive()) {
            return GrantDecision.deny("API key " + grantId + " was revoked");
        }
        ApiPrincipal principal = key.get().toPrincipal();
        boolean scoped = principal.hasScope(Scopes.RUNS_WRITE) && principal.mayRunGraph(run.graphId());
        return scoped ? GrantDecision.allow() : GrantDecision.deny("API key " + grantId + " may no longer run " + run.graphId());
    }
}
