package dev.graphlaunch.gateway.ratelimit;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * One token bucket: a new run costs a token; a full bucket holds {@code capacity} (the burst) and
 * tokens come back at {@code refillPerSecond} (the sustained rate).
 */
public record TokenBucketConfig(
        @NotNull @Min(1) Long capacity,
        @NotNull @DecimalMin(value = "0", inclusive = false) Double refillPerSecond) {

    /**
     * The {@code w} of the policy as the RateLimit-Policy field states it: seconds an empty bucket
     * takes to fill, rounded up, so that {@code q} per {@code w} is never more than the bucket allows.
     */
    public long windowSeconds() {
        return Math.max(1, (long) Math.ceil(capacity / refillPerSecond));
    }
}
