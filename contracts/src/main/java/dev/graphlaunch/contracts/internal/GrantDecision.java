package dev.graphlaunch.contracts.internal;

/** Whether the grant a run was started under (API key, schedule, webhook route) still holds. */
public record GrantDecision(boolean allowed, String reason) {

    public static GrantDecision allow() {
        return new GrantDecision(true, null);
    }

    public static GrantDecision deny(String reason) {
        return new GrantDecision(false, reason);
    }
}
