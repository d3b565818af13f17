package dev.graphlaunch.gateway.triggers.webhook.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one GitHub REST call catch-up makes, "List workflow runs for a repository", page by page
 * within GitHub's rules: waits out a rate limit ({@code retry-after}, else
 * {@code x-ratelimit-remaining: 0} until {@code x-ratelimit-reset}) when the wait is short enough,
 * and tries a 5xx or a broken connection again with backoff. The token goes only to the configured
 * API host: a {@code next} link or redirect elsewhere ends the listing.
 */
public class GitHubActionsApi {
    static final String API_VERSION = "2022-11-28";
    /** GitHub answers at most 1000 runs to a filtered listing: ten pages of 100. */
    static final int MAX_PAGES = 10;
    private static final int MAX_TRIES = 4;
    private static final int MAX_RATE_LIMIT_WAITS = 3;
    private static final int MAX_REDIRECTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** GitHub's advice for a secondary rate limit that names no wait. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(GitHubActionsApi.class);

    /** Sleeps; a test's may not. Interrupted: the gateway is stopping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI apiRoot;
    private final String token;
    private final Duration requestTimeout;
    private final Duration maxRateLimitWait;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Known from a previous answer: no request is worth sending before this. */
    private volatile Instant limitedUntil = Instant.EPOCH;

    public GitHubActionsApi(CatchUpConfig config, ObjectMapper mapper, Clock clock, Sleeper sleeper) {
        this.apiRoot = config.apiRoot();
        this.token = config.token();
        this.requestTimeout = config.requestTimeout().toJavaDuration();
        this.maxRateLimitWait = config.maxRateLimitWait().toJavaDuration();
        this.mapper = mapper;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                // Followed by hand, so the token goes to the configured host only.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Every run of {@code repository} GitHub lists under {@code status} (a conclusion such as
     * {@code failure} works as one) created at or after {@code createdSince}, newest first.
     *
     * @throws GitHubApiException when GitHub refuses or keeps failing; nothing partial is returned
     */
    public List<JsonNode> listRuns(String repository, String status, Instant createdSince) throws InterruptedException {
        URI page = firstPage(repository, status, createdSince);
        List<JsonNode> runs = new ArrayList<>();
        for (int pages = 0; page != null; pages++) {
            if (pages == MAX_PAGES) {
                LOG.warn("Catch-up: {} has more than {} runs with status {} since {}; the oldest are not listed",
                        repository, MAX_PAGES * 100, status, createdSince);
                break;
            }
            HttpResponse<byte[]> answer = get(page);
            JsonNode body = parse(answer, page);
            JsonNode listed = body.path("workflow_runs");
            if (!listed.isArray()) {
                throw new GitHubApiException("GitHub's answer to " + page.getPath() + " has no workflow_runs array");
            }
            listed.forEach(runs::add);
            page = LinkHeader.next(answer.headers().firstValue("link").orElse(null)).map(this::sameHost).orElse(null);
        }
        return runs;
    }

    URI firstPage(String repository, String status, Instant createdSince) {
        String created = ">=" + createdSince.truncatedTo(ChronoUnit.SECONDS);
        return URI.create(apiRoot + "/repos/" + repository + "/actions/runs?status=" + encode(status)
                + "&created=" + encode(created) + "&per_page=100&exclude_pull_requests=true");
    }

    private URI sameHost(URI next) {
        if (!apiRoot.getScheme().equals(next.getScheme()) || !apiRoot.getHost().equalsIgnoreCase(next.getHost())
                || apiRoot.getPort() != next.getPort()) {
            throw new GitHubApiException("GitHub's next page is on " + next.getScheme() + "://" + next.getAuthority()
                    + ", not the configured apiUrl; the token is not sent there");
        }
        return next;
    }

    private HttpResponse<byte[]> get(URI first) throws InterruptedException {
        URI uri = first;
        int failures = 0;
        int rateLimitWaits = 0;
        int redirects = 0;
        while (true) {
            waitForLimit(uri);
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request(uri), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failures = failed(uri, failures, "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                continue;
            }
            noteRemaining(answer);
            int status = answer.statusCode();
            if (status == 200) {
                return answer;
            }
            Optional<Duration> rateLimited = rateLimitWait(answer);
            if (rateLimited.isPresent()) {
                if (++rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
                    throw new GitHubApiException(status + " rate limited by GitHub " + rateLimitWaits + " times in a row on "
                            + uri.getPath() + ": " + message(answer));
                }
                limitedUntil = clock.instant().plus(rateLimited.get());
                continue;
            }
            Optional<String> location = answer.headers().firstValue("location");
            if ((status == 301 || status == 302 || status == 307 || status == 308) && location.isPresent()
                    && ++redirects <= MAX_REDIRECTS) {
                // A renamed or transferred repository: GitHub points to its new address.
                uri = sameHost(uri.resolve(location.get()));
                continue;
            }
            if (status >= 500) {
                failures = failed(uri, failures, status + " " + message(answer));
                continue;
            }
            throw new GitHubApiException(status + " from GitHub on " + uri.getPath() + ": " + message(answer)
                    + hint(status));
        }
    }

    private HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).GET()
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "graph-launch-gateway-catch-up")
                .build();
    }

    /** Counts one failed try and backs off 1 s, 2 s, 4 s; the last failure ends the listing. */
    private int failed(URI uri, int failuresSoFar, String what) throws InterruptedException {
        int failures = failuresSoFar + 1;
        if (failures >= MAX_TRIES) {
            throw new GitHubApiException("GitHub failed " + failures + " times on " + uri.getPath() + ", last: " + what);
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (failures - 1));
        LOG.info("Catch-up: GitHub answered {} on {}; trying again in {}", what, uri.getPath(), backoff);
        sleeper.sleep(backoff);
        return failures;
    }

    private void waitForLimit(URI uri) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), limitedUntil);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        if (wait.compareTo(maxRateLimitWait) > 0) {
            throw new GitHubApiException("rate limited by GitHub until " + limitedUntil.truncatedTo(ChronoUnit.SECONDS)
                    + ", longer than catchUp.maxRateLimitWait (" + maxRateLimitWait + "); the next scan after that tries again");
        }
        LOG.info("Catch-up: waiting {} for GitHub's rate limit before {}", wait, uri.getPath());
        sleeper.sleep(wait);
    }

    /** A 200 that used the last request of the window: the next one waits for the reset. */
    private void noteRemaining(HttpResponse<byte[]> answer) {
        if (answer.statusCode() == 200 && "0".equals(answer.headers().firstValue("x-ratelimit-remaining").orElse(null))) {
            resetTime(answer).ifPresent(reset -> limitedUntil = reset);
        }
    }

    /**
     * GitHub's documented order: {@code retry-after} seconds; else, with no requests left, until
     * {@code x-ratelimit-reset} (epoch seconds, plus one for clock skew); else a 429 or a 403 that
     * says "rate limit" (secondary limit) waits a minute. Any other 403 is a permission problem.
     */
    private Optional<Duration> rateLimitWait(HttpResponse<byte[]> answer) {
        int status = answer.statusCode();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<String> retryAfter = answer.headers().firstValue("retry-after");
        if (retryAfter.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.get().trim()))));
            } catch (NumberFormatException httpDate) {
                return Optional.of(SECONDARY_LIMIT_WAIT);
            }
        }
        if ("0".equals(answer.headers().firstValue("x-ratelimit-remaining").orElse(null))) {
            return resetTime(answer).map(reset -> {
                Duration until = Duration.between(clock.instant(), reset);
                return until.isNegative() ? Duration.ZERO : until;
            }).or(() -> Optional.of(SECONDARY_LIMIT_WAIT));
        }
        if (status == 429 || message(answer).toLowerCase(java.util.Locale.ROOT).contains("rate limit")) {
            return Optional.of(SECONDARY_LIMIT_WAIT);
        }
        return Optional.empty();
    }

    private static Optional<Instant> resetTime(HttpResponse<byte[]> answer) {
        try {
            return answer.headers().firstValue("x-ratelimit-reset")
                    .map(reset -> Instant.ofEpochSecond(Long.parseLong(reset.trim())).plusSeconds(1));
        } catch (NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    private JsonNode parse(HttpResponse<byte[]> answer, URI uri) {
        try {
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new GitHubApiException("GitHub's answer to " + uri.getPath() + " is not JSON", e);
        }
    }

    /** GitHub's {@code message} field, cut short; the body otherwise. */
    private String message(HttpResponse<byte[]> answer) {
        String text;
        try {
            JsonNode body = mapper.readTree(answer.body());
            text = body != null && body.path("message").isTextual() ? body.path("message").asText()
                    : new String(answer.body(), StandardCharsets.UTF_8);
        } catch (IOException notJson) {
            text = new String(answer.body(), StandardCharsets.UTF_8);
        }
        text = text.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (the token is invalid or expired)";
            case 403 -> " (the token lacks Actions: read on this repository)";
            case 404 -> " (no such repository, or the token cannot see it)";
            default -> "";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
