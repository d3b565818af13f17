package dev.graphlaunch.gateway.ratelimit;

/**
 * A monotonic clock in nanoseconds. Buckets refill by elapsed time, so they must not follow the
 * wall clock's jumps (NTP steps, leap smearing); tests move it by hand.
 */
@FunctionalInterface
public interface Ticker {
    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
