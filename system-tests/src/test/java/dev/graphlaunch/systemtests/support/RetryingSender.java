package dev.graphlaunch.systemtests.support;

import dev.graphlaunch.devstack.HttpJson.Reply;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends triggers as a well-behaved client does while the gateway comes and goes: a connection
 * error or a 5xx is retried with the very same request (same Idempotency-Key, same delivery id and
 * bytes), with backoff, until a 2xx or {@code giveUpAfter}. Every 2xx answer's run id is recorded
 * per trigger, so a test can check that each acknowledged trigger has exactly one run.
 */
public final class RetryingSender {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Duration giveUpAfter;
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, String> abandoned = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    public RetryingSender(Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    /** One send of {@code trigger}, retried as above; the request must carry the run id as {@code runId}. */
    public void send(String trigger, Supplier<Reply> request) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        Duration backoff = FIRST_BACKOFF;
        String lastProblem;
        while (true) {
            requests.incrementAndGet();
            try {
                Reply reply = request.get();
                if (reply.status() >= 200 && reply.status() < 300) {
                    acknowledged.computeIfAbsent(trigger, key -> new CopyOnWriteArrayList<>())
                            .add(reply.json().path("runId").asText());
                    return;
                }
                if (reply.status() < 500) {
                    refused.put(trigger, reply.status() + " " + reply.body());
                    return;
                }
                lastProblem = reply.status() + " " + reply.body();
            } catch (UncheckedIOException connectionProblem) {
                // HttpJson's wrapper of a refused, reset or timed-out connection.
                lastProblem = connectionProblem.getCause().toString();
            }
            if (System.nanoTime() > deadline) {
                abandoned.put(trigger, lastProblem);
                return;
            }
            retries.incrementAndGet();
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Trigger → the run id of each 2xx answer it got (a trigger sent twice has two). */
    public Map<String, List<String>> acknowledged() {
        return acknowledged;
    }

    /** Triggers answered with a 4xx: a well-formed trigger should never get one. */
    public Map<String, String> refused() {
        return refused;
    }

    /** Triggers that got no 2xx before the client gave up, with the last problem seen. */
    public Map<String, String> abandoned() {
        return abandoned;
    }

    public int requests() {
        return requests.get();
    }

    public int retries() {
        return retries.get();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
