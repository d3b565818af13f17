package dev.graphlaunch.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local OpenAI-compatible endpoint speaking the real wire format: {@code POST /v1/chat/completions}
 * answered with {@code data:} chunks, a usage chunk with empty choices and {@code data: [DONE]},
 * or with an error body. Each test scripts what the next calls get.
 */
public final class FakeOpenAi implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one call is answered with. */
    public interface Reply {
        void write(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final List<Reply> script = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = stream("ok", 1, 1);

    public FakeOpenAi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The next calls get these replies in order; later calls get the fallback. */
    public void script(Reply... replies) {
        script.clear();
        script.addAll(List.of(replies));
    }

    public void always(Reply reply) {
        script.clear();
        fallback = reply;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Reply reply = script.isEmpty() ? fallback : script.remove(0);
            reply.write(exchange);
        }
    }

    /** A streamed answer: the text in pieces, then the usage chunk, then [DONE]. */
    public static Reply stream(String text, long promptTokens, long completionTokens) {
        return stream(text, promptTokens, completionTokens, 0);
    }

    /** As {@link #stream(String, long, long)}, pausing between pieces as a model generating text does. */
    public static Reply stream(String text, long promptTokens, long completionTokens, long pauseMillis) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String piece : pieces(text)) {
                pause(pauseMillis);
                chunk(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"stub-model-2025\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + MAPPER.writeValueAsString(piece)
                        + "},\"finish_reason\":null}],\"usage\":null}");
            }
            chunk(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"stub-model-2025\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}");
            chunk(out, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"stub-model-2025\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                    + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}");
            line(out, "data: [DONE]");
            line(out, "");
        };
    }

    /** Sends some text, then drops the connection: no usage chunk, no [DONE]. */
    public static Reply brokenAfter(String text) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String piece : pieces(text)) {
                chunk(out, "{\"model\":\"stub-model-2025\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                        + MAPPER.writeValueAsString(piece) + "}}]}");
            }
        };
    }

    /** Answers 200 and then says nothing for {@code millis}. */
    public static Reply silentFor(long millis) {
        return exchange -> {
            startStream(exchange);
            pause(millis);
        };
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static Reply error(int status, String type, String code, String message) {
        return exchange -> {
            byte[] body = ("{\"error\":{\"message\":" + MAPPER.writeValueAsString(message) + ",\"type\":\"" + type
                    + "\",\"param\":null,\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 3) {
            pieces.add(text.substring(i, Math.min(text.length(), i + 3)));
        }
        return pieces;
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void chunk(OutputStream out, String json) throws IOException {
        line(out, "data: " + json);
        line(out, "");
    }

    private static void line(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
