package dev.graphlaunch.gateway.ratelimit;

import java.time.Duration;

/** A ticker that moves only when the test says so. */
final class FakeTicker implements Ticker {
    private long now = 1_000_000_000L;

    @Override
    public long nanos() {
        return now;
    }

    void advance(Duration by) {
        now += by.toNanos();
    }
}
