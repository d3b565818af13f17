package dev.graphlaunch.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real text/event-stream client on java.net.http: parses id/event/data blocks as a browser would. */
public final class SseClient implements AutoCloseable {
    public record Event(long id, String type, String data) {}

    private static final Object END = new Object();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient connect(URI uri, String bearer, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + bearer);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** @return the next event, or null when the server closed the stream */
    public Event next(Duration wait) throws InterruptedException {
        Object item = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no event within " + wait);
        }
        if (item == END) {
            events.add(END);
            return null;
        }
        return (Event) item;
    }

    /** Every event until the server closes the stream. */
    public List<Event> untilClosed(Duration wait) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        for (Event event = next(wait); event != null; event = next(wait)) {
            all.add(event);
        }
        return all;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (id != null || data.length() > 0) {
                        events.add(new Event(id == null ? -1 : Long.parseLong(id), type, data.toString()));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException closed) {
            // the test closed the stream, or the server dropped it
        } finally {
            events.add(END);
        }
    }

    /** Hangs up, as a browser tab being closed does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }
}
