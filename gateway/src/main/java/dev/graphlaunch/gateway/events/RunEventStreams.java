package dev.graphlaunch.gateway.events;

import dev.graphlaunch.gateway.lifecycle.DaemonThreads;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows runs for SSE clients without a database connection per client: one shared thread polls,
 * per tick, each followed run's status and new events with two short queries (each borrows a
 * connection only for itself), and hands each client its new events to write.
 *
 * <p>The poller never writes itself: a write to a client that stops reading blocks once the socket
 * buffers are full, and it must block only that client. So each client's batch is written by a
 * writer thread, one batch per client at a time; a client still busy with its last batch is
 * skipped by the poll (it holds nothing but its own position), and one that has not taken a write
 * for {@code stallTimeout} is dropped: its slot is freed, and it may reconnect with
 * {@code Last-Event-ID}. Writer threads exist only while writes are in flight, so an idle or
 * healthy stream holds no thread. A stream closes once its run has ended and every event up to
 * that point is delivered; clients going away only drop their subscription.
 */
public class RunEventStreams implements Managed {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RunEventStreams.class);

    private final RunEventDao events;
    private final ObjectMapper mapper;
    private final Duration pollInterval;
    private final Duration heartbeatInterval;
    private final Duration stallTimeout;
    private final int maxStreamsPerTenant;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService scheduler;
    private final ExecutorService writers = Executors.newCachedThreadPool(DaemonThreads.named("run-event-writer"));

    /**
     * The settings of {@code events} (config/EventsConfig), passed one by one: config/ depends on
     * execution/, which depends on this package, so taking EventsConfig here would close a cycle.
     */
    public RunEventStreams(RunEventDao events, ObjectMapper mapper, Duration pollInterval, Duration heartbeatInterval,
            Duration stallTimeout, int maxStreamsPerTenant) {
        this.events = events;
        this.mapper = mapper;
        this.pollInterval = pollInterval;
        this.heartbeatInterval = heartbeatInterval;
        this.stallTimeout = stallTimeout;
        this.maxStreamsPerTenant = maxStreamsPerTenant;
    }

    /**
     * Streams the run's events after {@code after} to {@code sink} until the run ends or the client leaves.
     *
     * @throws TooManyStreamsException when the tenant already holds {@code maxStreamsPerTenant} streams
     */
    public synchronized void follow(String tenantId, UUID runId, long after, SseEventSink sink, Sse sse) {
        long open = subscribers.stream().filter(s -> s.tenantId.equals(tenantId)).count();
        if (open >= maxStreamsPerTenant) {
            // A client that left unnoticed is found by the next keep-alive at the latest (ProblemType's Retry-After).
            throw TooManyStreamsException.atLimit(maxStreamsPerTenant);
        }
        subscribers.add(new Subscriber(tenantId, runId, sink, sse, after, Instant.now()));
    }

    public int following() {
        return subscribers.size();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("run-event-streams"));
        scheduler.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        writers.shutdownNow();
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
    }

    void tick() {
        try {
            Instant now = Instant.now();
            dropStalled(now);
            subscribers.removeIf(s -> !s.busy && s.isClosed());
            // One snapshot for the queries and the delivery: a client that subscribes in between
            // may be behind what this tick fetched, so it waits for the next tick.
            List<Subscriber> ready = subscribers.stream().filter(s -> !s.busy).toList();
            if (ready.isEmpty()) {
                return;
            }
            Map<UUID, Batch> batches = fetch(ready);
            for (Subscriber subscriber : ready) {
                deliver(subscriber, batches.get(subscriber.runId), now);
            }
        } catch (RuntimeException e) {
            // One bad tick (database briefly away) must not end the schedule; clients just wait.
            LOG.warn("Could not poll run events; retrying next tick", e);
        }
    }

    private void dropStalled(Instant now) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.busy && Duration.between(subscriber.busySince, now).compareTo(stallTimeout) > 0) {
                subscriber.dropped = true;
                subscribers.remove(subscriber);
                LOG.info("Dropped the event stream of run {} (tenant {}): its client took no data for {}; it can"
                        + " resume with Last-Event-ID {}", subscriber.runId, subscriber.tenantId, stallTimeout,
                        subscriber.after);
            }
        }
    }

    /**
     * Two queries per tick, however many clients and runs: statuses first, then events, so every
     * event committed before a run ended is in the batch that sees it ended.
     */
    private Map<UUID, Batch> fetch(List<Subscriber> ready) {
        Map<UUID, Long> from = ready.stream().collect(Collectors.toMap(s -> s.runId, s -> s.after, Math::min));
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

    private void deliver(Subscriber subscriber, Batch batch, Instant now) {
        if (batch == null) {
            return;
        }
        List<Outgoing> out = new ArrayList<>();
        for (RunEvent event : batch.events) {
            if (event.seq() > subscriber.after) {
                out.add(new Outgoing(toSse(subscriber.sse, event), event.seq()));
            }
        }
        if (out.isEmpty() && !batch.complete
                && Duration.between(subscriber.lastSent, now).compareTo(heartbeatInterval) >= 0) {
            // Finds clients that left, and keeps proxies and Jetty's idle timeout from cutting quiet streams.
            out.add(new Outgoing(subscriber.sse.newEventBuilder().comment("keep-alive").build(), -1));
        }
        if (out.isEmpty() && !batch.complete) {
            return;
        }
        subscriber.busySince = now;
        subscriber.busy = true;
        writers.execute(() -> subscriber.write(out, batch.complete));
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

    /** @param seq the event's seq, or -1 for a comment */
    private record Outgoing(OutboundSseEvent event, long seq) {}

    private static final class Subscriber {
        final String tenantId;
        final UUID runId;
        final SseEventSink sink;
        final Sse sse;
        /** The last seq written; read by the poller only while no write is in flight. */
        volatile long after;
        volatile Instant lastSent;
        /** A writer thread holds this subscriber's batch; the poller leaves it alone meanwhile. */
        volatile boolean busy;
        volatile Instant busySince;
        volatile boolean dropped;

        Subscriber(String tenantId, UUID runId, SseEventSink sink, Sse sse, long after, Instant lastSent) {
            this.tenantId = tenantId;
            this.runId = runId;
            this.sink = sink;
            this.sse = sse;
            this.after = after;
            this.lastSent = lastSent;
        }

        /** On a writer thread: may block as long as the client does not read. */
        void write(List<Outgoing> batch, boolean complete) {
            try {
                for (Outgoing outgoing : batch) {
                    if (dropped || sink.isClosed()) {
                        close();
                        return;
                    }
                    // Jersey writes synchronously and reports a broken connection through the returned stage.
                    sink.send(outgoing.event()).toCompletableFuture().join();
                    lastSent = Instant.now();
                    if (outgoing.seq() > 0) {
                        after = outgoing.seq();
                    }
                }
                if (complete || dropped) {
                    close();
                }
            } catch (RuntimeException clientGone) {
                close();
            } finally {
                busy = false;
            }
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
