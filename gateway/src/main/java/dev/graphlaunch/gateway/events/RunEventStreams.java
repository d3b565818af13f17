package dev.graphlaunch.gateway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.RunEvent;
import dev.graphlaunch.gateway.runs.RunEventDao;
import io.dropwizard.lifecycle.Managed;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows runs for SSE clients without a database connection or a thread per client: one shared
 * thread polls, per tick, each followed run's status and new events with short queries on one
 * borrowed connection, then writes them to every client of that run. A stream closes once its run
 * has ended and every event up to that point is delivered. Clients going away only drop their
 * subscription; runs execute elsewhere and never notice.
 */
public class RunEventStreams implements Managed {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RunEventStreams.class);

    private final RunEventDao events;
    private final ObjectMapper mapper;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;

    public RunEventStreams(RunEventDao events, ObjectMapper mapper, Duration pollInterval, Duration heartbeatInterval) {
        this.events = events;
        this.mapper = mapper;
        this.pollInterval = pollInterval;
        this.heartbeatInterval = heartbeatInterval;
    }

    /** Streams the run's events after {@code after} to {@code sink} until the run ends or the client leaves. */
    public void follow(UUID runId, long after, SseEventSink sink, Sse sse) {
        subscribers.add(new Subscriber(runId, sink, sse, after, Instant.now()));
    }

    public int following() {
        return subscribers.size();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "run-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
    }

    void tick() {
        try {
            subscribers.removeIf(Subscriber::isClosed);
            // One snapshot for the queries and the delivery: a client that subscribes in between
            // may be behind what this tick fetched, so it waits for the next tick instead of
            // skipping to this batch.
            List<Subscriber> current = List.copyOf(subscribers);
            if (current.isEmpty()) {
                return;
            }
            Map<UUID, Batch> batches = fetch(current);
            for (Subscriber subscriber : current) {
                deliver(subscriber, batches.get(subscriber.runId));
            }
            subscribers.removeIf(Subscriber::isClosed);
        } catch (RuntimeException e) {
            // One bad tick (database briefly away) must not end the schedule; clients just wait.
            LOG.warn("Could not poll run events; retrying next tick", e);
        }
    }

    /**
     * Two queries per tick, however many clients and runs: statuses first, then events, so every
     * event committed before a run ended is in the batch that sees it ended.
     */
    private Map<UUID, Batch> fetch(List<Subscriber> current) {
        Map<UUID, Long> from = current.stream()
                .collect(Collectors.toMap(s -> s.runId, s -> s.after, Math::min));
        String[] ids = from.keySet().stream().map(UUID::toString).toArray(String[]::new);
        String[] afters = from.keySet().stream().map(id -> Long.toString(from.get(id))).toArray(String[]::new);
        Map<UUID, RunStatus> statuses = events.statuses(ids);
        Map<UUID, List<RunEvent>> byRun = events.afterEach(ids, afters, BATCH).stream().collect(Collectors.groupingBy(
                RunEventDao.FollowedEvent::runId,
                Collectors.mapping(RunEventDao.FollowedEvent::event, Collectors.toList())));
        Map<UUID, Batch> batches = new HashMap<>();
        for (UUID runId : from.keySet()) {
            List<RunEvent> batch = byRun.getOrDefault(runId, List.of());
            // A run that no longer exists has nothing more to say either.
            RunStatus status = statuses.get(runId);
            boolean ended = status == null || status.isFinal();
            batches.put(runId, new Batch(batch, ended && batch.size() < BATCH));
        }
        return batches;
    }

    private void deliver(Subscriber subscriber, Batch batch) {
        if (batch == null) {
            return;
        }
        try {
            for (RunEvent event : batch.events) {
                if (event.seq() > subscriber.after) {
                    subscriber.send(toSse(subscriber.sse, event));
                    subscriber.after = event.seq();
                }
            }
            if (batch.complete) {
                subscriber.close();
            } else if (Duration.between(subscriber.lastSent, Instant.now()).compareTo(heartbeatInterval) >= 0) {
                // Finds clients that left, and keeps proxies and Jetty's idle timeout from cutting quiet streams.
                subscriber.send(subscriber.sse.newEventBuilder().comment("keep-alive").build());
            }
        } catch (RuntimeException clientGone) {
            subscriber.close();
        }
    }

    private OutboundSseEvent toSse(Sse sse, RunEvent event) {
        try {
            return sse.newEventBuilder()
                    .id(Long.toString(event.seq()))
                    .name(event.type())
                    .data(String.class, mapper.writeValueAsString(event.data()))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.seq() + " cannot be written as JSON", e);
        }
    }

    private record Batch(List<RunEvent> events, boolean complete) {}

    private static final class Subscriber {
        final UUID runId;
        final SseEventSink sink;
        final Sse sse;
        volatile long after;
        volatile Instant lastSent;

        Subscriber(UUID runId, SseEventSink sink, Sse sse, long after, Instant lastSent) {
            this.runId = runId;
            this.sink = sink;
            this.sse = sse;
            this.after = after;
            this.lastSent = lastSent;
        }

        void send(OutboundSseEvent event) {
            if (sink.isClosed()) {
                throw new IllegalStateException("client left");
            }
            // Jersey writes synchronously and reports a broken connection through the returned stage.
            sink.send(event).toCompletableFuture().join();
            lastSent = Instant.now();
        }

        boolean isClosed() {
            return sink.isClosed();
        }

        void close() {
            try {
                sink.close();
            } catch (RuntimeException alreadyGone) {
                // nothing left to release
            }
        }
    }
}
