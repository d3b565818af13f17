package dev.graphlaunch.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graphlaunch.contracts.runs.RunStatus;
import dev.graphlaunch.gateway.runs.RunEventDao;
import dev.graphlaunch.gateway.support.FakeDao;
import dev.graphlaunch.gateway.support.GatewayResources;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

/** The shared poller: a client gets every event after the one it names, however its arrival falls. */
class RunEventStreamsTest {
    private static final UUID RUN = UUID.randomUUID();
    private static final long LAST_EVENT = 8;

    private final FakeDao<RunEventDao> events = FakeDao.of(RunEventDao.class);
    private final RunEventStreams streams = new RunEventStreams(events.dao(), GatewayResources.mapper(),
            Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10), 100);

    @Test
    void aClientArrivingWhileAPollIsUnderwayStillGetsEveryEventAfterItsPosition() {
        RecordingSink early = new RecordingSink();
        RecordingSink reconnected = new RecordingSink();
        streams.follow("acme", RUN, 5, early, SSE);
        events.answer("statuses", args -> {
            if (!reconnected.joined) {
                // A client resuming after event 4 subscribes between this poll's two queries.
                reconnected.joined = true;
                streams.follow("acme", RUN, 4, reconnected, SSE);
            }
            return Map.of(RUN, RunStatus.RUNNING);
        });
        events.answer("afterEach", args -> eventsAfter(Long.parseLong(((String[]) args[1])[0])));

        // Batches are written on writer threads; a client still being written to sits a tick out.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            streams.tick();
            assertThat(reconnected.ids()).containsExactly(5L, 6L, 7L, 8L);
            assertThat(early.ids()).containsExactly(6L, 7L, 8L);
        });
    }

    private static List<RunEventDao.FollowedEvent> eventsAfter(long after) {
        return LongStream.rangeClosed(after + 1, LAST_EVENT)
                .mapToObj(seq -> new RunEventDao.FollowedEvent(RUN, seq, "delta",
                        JsonNodeFactory.instance.objectNode().put("text", "t" + seq), Instant.now()))
                .toList();
    }

    private static final Sse SSE = new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException("streams write to each client's sink");
        }
    };

    /** A client connection that keeps what it was sent. */
    private static final class RecordingSink implements SseEventSink {
        final List<OutboundSseEvent> sent = new CopyOnWriteArrayList<>();
        volatile boolean joined;
        volatile boolean closed;

        List<Long> ids() {
            return sent.stream().filter(event -> event.getId() != null).map(event -> Long.parseLong(event.getId())).toList();
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
