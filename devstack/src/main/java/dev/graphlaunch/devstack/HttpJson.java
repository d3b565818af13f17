package dev.graphlaunch.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP client for tests that drive the gateway as its users do: real requests, raw bytes
 * when they matter (signatures, oversize bodies), and every header of the answer.
 */
public final class HttpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpJson(URI base) {
        this.base = base;
    }

    /** One answer: status, headers and body as the client received them. */
    public record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public static String toJson(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Reply get(String path, String bearer) {
        return send(request(path, bearer, Map.of()).GET().build());
    }

    public Reply postJson(String path, String bearer, Object body, Map<String, String> headers) {
        byte[] bytes = (body instanceof String text ? text : toJson(body)).getBytes(StandardCharsets.UTF_8);
        return post(path, bearer, bytes, "application/json", headers);
    }

    public Reply post(String path, String bearer, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, bearer, headers).header("Content-Type", contentType);
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Reply send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return send(request(path, null, headers).method(method, publisher).build());
    }

    private HttpRequest.Builder request(String path, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        return request;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
