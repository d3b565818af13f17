package dev.graphlaunch.gateway.grants;

import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.gateway.runs.GraphRun;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Fails closed: a grant nobody knows how to check is no grant. */
public class GrantChecker {
    private final Map<String, GrantPolicy> policies;

    public GrantChecker(List<GrantPolicy> policies) {
        this.policies = policies.stream().collect(Collectors.toMap(GrantPolicy::kind, Function.identity()));
    }

    public GrantDecision check(GraphRun run) {
        String grantRef = run.grantRef();
        int colon = grantRef.indexOf(':');
        GrantPolicy policy = colon < 0 ? null : policies.get(grantRef.substring(0, colon));
        if (policy == null) {
            return GrantDecision.deny("no policy checks grants of the form '" + grantRef + "'");
        }
        return policy.check(run, grantRef.substring(colon + 1));
    }
}
