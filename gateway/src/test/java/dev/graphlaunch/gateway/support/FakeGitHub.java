package dev.graphlaunch.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as catch-up meets it, on loopback: "List workflow runs for a repository" under
 * a GitHub Enterprise Server style root ({@code /api/v3}), answering in GitHub's wire format — the
 * documented example's run shape ({@code github-rest/actions-runs.list.json}), {@code total_count},
 * {@code status}/{@code created}/{@code per_page}/{@code page} filters, {@code Link} pagination with
 * absolute URLs, the {@code x-ratelimit-*} headers on every answer, 401 for a wrong token and 400
 * for a missing API version. Faults are queued: a 403 rate-limit answer refuses every request until
 * its reset (as GitHub does, so a client that does not wait is caught), a 5xx answers once.
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String ROOT = "/api/v3";
    private static final Pattern RUNS = Pattern.compile(ROOT + "/repos/([^/]+)/([^/]+)/actions/runs");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public enum Fault { RATE_LIMITED, SERVER_ERROR }

    /** One request as the fake received it. */
    public record Seen(Instant at, String pathAndQuery, Map<String, String> headers, int answered) {}

    private final HttpServer server;
    private final String token;
    private final List<ObjectNode> runs = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 100;
    private volatile boolean tokenRevoked;
    private final Map<String, String> renamed = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Instant limitedUntil = Instant.EPOCH;

    public FakeGitHub(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(ROOT + "/", this::handle);
        server.start();
    }

    /** The {@code apiUrl} a gateway is configured with, like {@code https://HOST/api/v3}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + ROOT;
    }

    /** At most this many runs per page, whatever per_page asks (GitHub caps per_page at 100). */
    public void pageSize(int size) {
        pageSize = size;
    }

    /** Every request is 401 until {@link #restoreToken()}, as after the token expired. */
    public void revokeToken() {
        tokenRevoked = true;
    }

    public void restoreToken() {
        tokenRevoked = false;
    }

    /** Requests for {@code from} answer 301 to {@code to}'s address, as GitHub does after a rename. */
    public void rename(String from, String to) {
        renamed.put(from.toLowerCase(), to);
    }

    public void failNext(Fault... next) {
        faults.addAll(List.of(next));
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    public void clearRequests() {
        seen.clear();
    }

    /** A completed run of the documented example's shape. */
    public ObjectNode addRun(String repository, long id, int attempt, String conclusion, String branch, Instant created) {
        ObjectNode run = template();
        String[] ownerName = repository.split("/");
        String api = "https://api.github.com/repos/" + repository;
        run.put("id", id);
        run.put("run_attempt", attempt);
        run.put("status", "completed");
        run.put("conclusion", conclusion);
        run.put("head_branch", branch);
        run.put("head_sha", String.format("%040x", id));
        run.put("run_number", id % 1000);
        run.put("created_at", created.toString());
        run.put("updated_at", created.plusSeconds(120).toString());
        run.put("run_started_at", created.toString());
        run.put("url", api + "/actions/runs/" + id);
        run.put("html_url", "https://github.com/" + repository + "/actions/runs/" + id);
        run.put("previous_attempt_url", attempt > 1 ? api + "/actions/runs/" + id + "/attempts/" + (attempt - 1) : null);
        for (String field : List.of("repository", "head_repository")) {
            ObjectNode repo = (ObjectNode) run.get(field);
            repo.put("full_name", repository);
            repo.put("name", ownerName[1]);
            ((ObjectNode) repo.get("owner")).put("login", ownerName[0]);
        }
        runs.add(run);
        return run;
    }

    private static ObjectNode template() {
        try (InputStream in = FakeGitHub.class.getResourceAsStream("/github-rest/actions-runs.list.json")) {
            return (ObjectNode) MAPPER.readTree(in).path("workflow_runs").get(0).deepCopy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private int answer(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (tokenRevoked || !("Bearer " + token).equals(auth)) {
            return send(exchange, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\",\"status\":\"401\"}", null);
        }
        if (!"2022-11-28".equals(exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version"))
                || !"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
            return send(exchange, 400, "{\"message\":\"Unsupported API version or media type\"}", null);
        }
        if (Instant.now().isBefore(limitedUntil)) {
            return rateLimited(exchange);
        }
        Fault fault = faults.poll();
        if (fault == Fault.RATE_LIMITED) {
            limitedUntil = Instant.now().plusSeconds(1);
            return rateLimited(exchange);
        }
        if (fault == Fault.SERVER_ERROR) {
            return send(exchange, 502, "{\"message\":\"Server Error\"}", null);
        }
        Matcher path = RUNS.matcher(exchange.getRequestURI().getPath());
        if (!"GET".equals(exchange.getRequestMethod()) || !path.matches()) {
            return send(exchange, 404, "{\"message\":\"Not Found\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\",\"status\":\"404\"}", null);
        }
        String repository = path.group(1) + "/" + path.group(2);
        String movedTo = renamed.get(repository.toLowerCase());
        if (movedTo != null) {
            exchange.getResponseHeaders().set("Location", "http://" + exchange.getRequestHeaders().getFirst("Host")
                    + ROOT + "/repos/" + movedTo + "/actions/runs?" + exchange.getRequestURI().getRawQuery());
            return send(exchange, 301, "{\"message\":\"Moved Permanently\",\"url\":\"\"}", null);
        }
        return listRuns(exchange, repository);
    }

    private int listRuns(HttpExchange exchange, String repository) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String status = query.get("status");
        String created = query.get("created");
        Instant since = created != null && created.startsWith(">=") ? Instant.parse(created.substring(2)) : Instant.EPOCH;
        int perPage = Math.min(Math.min(Integer.parseInt(query.getOrDefault("per_page", "30")), 100), pageSize);
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        List<ObjectNode> matching = runs.stream()
                .filter(run -> run.path("repository").path("full_name").asText().equalsIgnoreCase(repository))
                .filter(run -> status == null || status.equals(run.path("status").asText())
                        || status.equals(run.path("conclusion").asText()))
                .filter(run -> !Instant.parse(run.path("created_at").asText()).isBefore(since))
                .sorted(Comparator.comparing((ObjectNode run) -> run.path("created_at").asText()).reversed())
                .toList();
        int from = Math.min((page - 1) * perPage, matching.size());
        int to = Math.min(from + perPage, matching.size());
        ObjectNode body = MAPPER.createObjectNode();
        body.put("total_count", matching.size());
        ArrayNode list = body.putArray("workflow_runs");
        matching.subList(from, to).forEach(list::add);
        int last = Math.max(1, (matching.size() + perPage - 1) / perPage);
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<" + pageUrl(exchange, page + 1) + ">; rel=\"next\"");
            links.add("<" + pageUrl(exchange, last) + ">; rel=\"last\"");
        }
        if (page > 1) {
            links.add("<" + pageUrl(exchange, 1) + ">; rel=\"first\"");
            links.add("<" + pageUrl(exchange, page - 1) + ">; rel=\"prev\"");
        }
        return send(exchange, 200, MAPPER.writeValueAsString(body), links.isEmpty() ? null : String.join(", ", links));
    }

    /** The request's own URL with {@code page} set: absolute, as GitHub sends it. */
    private String pageUrl(HttpExchange exchange, int page) {
        String raw = exchange.getRequestURI().getRawQuery();
        String rest = raw == null ? "" : raw.replaceAll("(^|&)page=\\d+", "");
        rest = rest.startsWith("&") ? rest.substring(1) : rest;
        return "http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI().getRawPath()
                + "?" + (rest.isEmpty() ? "" : rest + "&") + "page=" + page;
    }

    private int rateLimited(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-ratelimit-remaining", "0");
        exchange.getResponseHeaders().set("x-ratelimit-reset", String.valueOf(limitedUntil.getEpochSecond()));
        return send(exchange, 403, "{\"message\":\"API rate limit exceeded for installation ID 1.\","
                + "\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}",
                null, true);
    }

    private int send(HttpExchange exchange, int status, String body, String link) throws IOException {
        return send(exchange, status, body, link, false);
    }

    private int send(HttpExchange exchange, int status, String body, String link, boolean limitSet) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("X-GitHub-Media-Type", "github.v3; format=json");
        headers.set("x-ratelimit-limit", "5000");
        headers.set("x-ratelimit-resource", "core");
        if (!limitSet) {
            headers.set("x-ratelimit-remaining", "4999");
            headers.set("x-ratelimit-reset", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        }
        if (link != null) {
            headers.set("Link", link);
        }
        // Recorded before the client can read the answer, so a test that has it sees the request.
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(), values.get(0)));
        seen.add(new Seen(Instant.now(), exchange.getRequestURI().toString(), requestHeaders, status));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
