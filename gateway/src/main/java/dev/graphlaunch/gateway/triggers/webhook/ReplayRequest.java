package dev.graphlaunch.gateway.triggers.webhook;

/**
 * Optional body of a replay. {@code rerun: true} starts a new run even when the failure already
 * has one; absent or null means false.
 */
public record ReplayRequest(Boolean rerun) {
    public boolean wantsRerun() {
        return Boolean.TRUE.equals(rerun);
    }
}
