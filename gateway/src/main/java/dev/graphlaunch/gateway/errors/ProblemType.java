package dev.graphlaunch.gateway.errors;

import java.util.Map;

/**
 * Every problem a domain exception can name, with what it means over HTTP: status, title and the
 * headers that go with it. The one place statuses are decided; the exceptions only say which
 * problem they are (docs/errors.md lists them).
 */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    INVALID_SIGNATURE(401, "invalid-signature", "Invalid signature",
            // A 401 must name how to authenticate (RFC 9110 §11.6.1); GitHub's scheme has no registered name.
            Map.of("WWW-Authenticate", "X-Hub-Signature-256 realm=\"github-webhook\"")),
    MISSING_SCOPE(403, "missing-scope", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    RUN_NOT_FOUND(404, "run-not-found", "Run not found"),
    UNKNOWN_GRAPH(404, "unknown-graph", "Unknown graph"),
    SCHEDULE_NOT_FOUND(404, "schedule-not-found", "Schedule not found"),
    WEBHOOK_DELIVERY_NOT_FOUND(404, "webhook-delivery-not-found", "Webhook delivery not found"),
    SCHEDULE_PAUSED(409, "schedule-paused", "Schedule is paused"),
    /** A rejected delivery: its body was never kept, so there is nothing to replay. */
    DELIVERY_NOT_REPLAYABLE(409, "delivery-not-replayable", "Delivery cannot be replayed"),
    /** The body was kept once and is gone: past githubWebhook.keepBodiesFor. */
    DELIVERY_BODY_GONE(410, "delivery-body-gone", "Delivery body no longer kept"),
    RUN_ALREADY_ENDED(409, "run-already-ended", "Run already ended"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency key reused"),
    // A departed client's slot frees at its next keep-alive: events.heartbeatInterval, 15 s by default.
    TOO_MANY_STREAMS(429, "too-many-streams", "Too many streams", Map.of("Retry-After", "15")),
    /** An API key or its tenant started runs faster than its token bucket allows (Retry-After per refusal). */
    RATE_LIMITED(429, "rate-limited", "Rate limit exceeded"),
    /** One tenant has too many runs waiting to start: that tenant sends too much (Retry-After per refusal). */
    TENANT_START_BACKLOG_FULL(429, "tenant-start-backlog-full", "Too many runs waiting to start"),
    /** The whole gateway is behind starting runs: the service is overloaded (Retry-After per refusal). */
    START_BACKLOG_FULL(503, "start-backlog-full", "Start backlog full"),
    WEBHOOK_NOT_CONFIGURED(503, "webhook-not-configured", "Webhook not configured"),
    TEMPORAL_UNAVAILABLE(503, "temporal-unavailable", "Temporal unavailable", Map.of("Retry-After", "5"));

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    ProblemType(int status, String type, String title) {
        this(status, type, title, Map.of());
    }

    ProblemType(int status, String type, String title, Map<String, String> headers) {
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem's {@code type} URI. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Response headers that go with the problem, e.g. Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }
}
