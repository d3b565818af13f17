package dev.graphlaunch.gateway.ratelimit;

/** The two buckets a request of an API key draws from. */
enum Limit {
    KEY("per-key", "key"),
    TENANT("per-tenant", "tenant");

    private final String policy;
    private final String label;

    Limit(String policy, String label) {
        this.policy = policy;
        this.label = label;
    }

    /** The policy's name in the RateLimit and RateLimit-Policy fields. */
    String policy() {
        return policy;
    }

    /** The {@code limit} label of {@code graphlaunch_rate_limited_total}. */
    String label() {
        return label;
    }
}
