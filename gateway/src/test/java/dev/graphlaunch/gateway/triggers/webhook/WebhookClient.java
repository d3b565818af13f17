package dev.graphlaunch.gateway.triggers.webhook;

import static dev.graphlaunch.gateway.support.GitHubFixtures.FAILURE;
import static dev.graphlaunch.gateway.support.GitHubFixtures.bytes;
import static dev.graphlaunch.gateway.support.GitHubFixtures.replace;
import static dev.graphlaunch.gateway.support.GitHubFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Sends deliveries to a test gateway as GitHub does (headers included), and reads back what the
 * gateway wrote. The secrets are those of test-gateway.yml.
 */
final class WebhookClient {
    static final String PATH = "/api/v1/webhooks/github";
    static final String CURRENT = "test-webhook-secret-current";
    static final String PREVIOUS = "test-webhook-secret-previous";
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    private static final AtomicLong RUN_IDS = new AtomicLong(900_000_000L);

    private final HttpJson http;
    private final Jdbi jdbi;

    WebhookClient(HttpJson http, Jdbi jdbi) {
        this.http = http;
        this.jdbi = jdbi;
    }

    /** Any header may be left out (null) to see how the gateway takes that. */
    Reply deliver(byte[] body, String event, String deliveryId, String signature, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event != null) {
            headers.put("X-GitHub-Event", event);
        }
        if (deliveryId != null) {
            headers.put("X-GitHub-Delivery", deliveryId);
        }
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        headers.put("X-GitHub-Hook-ID", "292430182");
        headers.put("X-GitHub-Hook-Installation-Target-Type", "organization");
        headers.put("X-GitHub-Hook-Installation-Target-ID", "41548062");
        headers.put("User-Agent", "GitHub-Hookshot/test");
        return http.post(PATH, null, body, contentType, headers);
    }

    /** As GitHub sends it: JSON body, signed with the current secret. */
    Reply deliver(byte[] body, String event, String deliveryId) {
        return deliver(body, event, deliveryId, sign(CURRENT, body), JSON);
    }

    /** A workflow run id no other test uses, so each test's dedupe is its own. */
    static long newRunId() {
        return RUN_IDS.incrementAndGet();
    }

    /** The failure fixture about workflow run {@code runId} instead of 289782451. */
    static byte[] failureOfRun(long runId) {
        return replace(bytes(FAILURE), "\"id\": 289782451,", "\"id\": " + runId + ",");
    }

    /** The payload about another repository (the one in the repository object, not the head's fork). */
    static byte[] replaceRepository(byte[] body, String fullName) {
        return replace(body, "\"full_name\": \"octo-org/octo-repo\",\n    \"git_commits_url\"",
                "\"full_name\": \"" + fullName + "\",\n    \"git_commits_url\"");
    }

    static String newDeliveryId() {
        return UUID.randomUUID().toString();
    }

    static String keyOf(long runId, int attempt) {
        return "webhook:github:octo-org/octo-repo:" + runId + ":" + attempt;
    }

    /** What a hook configured with content type application/x-www-form-urlencoded sends. */
    static byte[] formEncoded(byte[] json) {
        return ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
    }

    long runsWithKey(String key) {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from graph_runs where idempotency_key = :k")
                .bind("k", key).mapTo(Long.class).one());
    }

    List<Map<String, Object>> deliveriesWithId(String deliveryId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select * from webhook_deliveries where delivery_id = :d order by received_at")
                .bind("d", deliveryId).mapToMap().list());
    }

    Map<String, Object> onlyDelivery(String deliveryId) {
        List<Map<String, Object>> rows = deliveriesWithId(deliveryId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("/problems/" + type);
        assertThat(reply.json().path("detail").asText()).isNotBlank();
    }

    /** The answer is the problem, and the log holds one rejected row saying the same. */
    void assertRejectedAndLogged(Reply reply, String deliveryId, int status, String type) {
        assertProblem(reply, status, type);
        Map<String, Object> row = onlyDelivery(deliveryId);
        assertThat(row.get("outcome")).isEqualTo("rejected");
        assertThat(row.get("http_status")).isEqualTo(status);
        assertThat(row.get("run_id")).isNull();
        assertThat((String) row.get("reason")).isEqualTo(reply.json().path("detail").asText());
    }
}
