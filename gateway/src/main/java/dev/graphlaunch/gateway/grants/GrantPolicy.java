package dev.graphlaunch.gateway.grants;

import dev.graphlaunch.contracts.internal.GrantDecision;
import dev.graphlaunch.gateway.runs.GraphRun;

/** Decides whether the grant behind one kind of {@code grant_ref} ({@code apikey:…}, {@code schedule:…}) still holds. */
public interface GrantPolicy {
    /** The part of {@code grant_ref} before the first colon that this policy judges. */
    String kind();

    GrantDecision check(GraphRun run, String grantId);
}
