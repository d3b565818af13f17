package dev.graphlaunch.worker;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalTls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the worker needs to run, read from the environment so the same jar runs anywhere. The
 * Temporal variables are the ones Temporal's own CLI and SDKs read (its "environment configuration").
 *
 * @param temporal where Temporal is and how to connect (TLS, mutual TLS, API key)
 * @param runTimeout the longest one execution attempt may take
 * @param maxConcurrentAttempts how many execute-attempt activities this worker runs at once; the
 *     rest wait in Temporal's task queue, where priority and fairness order them
 */
public record WorkerConfig(TemporalConnection temporal, URI gatewayUrl, String serviceToken, Duration runTimeout,
        int maxConcurrentAttempts) {

    public static final String TEMPORAL_ADDRESS = "TEMPORAL_ADDRESS";
    public static final String TEMPORAL_NAMESPACE = "TEMPORAL_NAMESPACE";
    public static final String TEMPORAL_API_KEY = "TEMPORAL_API_KEY";
    public static final String TEMPORAL_TLS = "TEMPORAL_TLS";
    public static final String TEMPORAL_TLS_CA = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
    public static final String TEMPORAL_TLS_CERT = "TEMPORAL_TLS_CLIENT_CERT_PATH";
    public static final String TEMPORAL_TLS_KEY = "TEMPORAL_TLS_CLIENT_KEY_PATH";
    public static final String TEMPORAL_TLS_SERVER_NAME = "TEMPORAL_TLS_SERVER_NAME";
    public static final String GATEWAY_URL = "GRAPHLAUNCH_GATEWAY_URL";
    public static final String SERVICE_TOKEN = "GRAPHLAUNCH_SERVICE_TOKEN";
    public static final String RUN_TIMEOUT = "GRAPHLAUNCH_RUN_TIMEOUT";
    public static final String MAX_CONCURRENT_ATTEMPTS = "GRAPHLAUNCH_WORKER_MAX_CONCURRENT_ATTEMPTS";
    /** The Temporal SDK's own default for concurrent activities, which the worker used before the setting existed. */
    public static final int DEFAULT_MAX_CONCURRENT_ATTEMPTS = 200;
    /** The gateway's internal API connector (internalApi in its config), not its public port. */
    public static final String DEFAULT_GATEWAY_URL = "http://127.0.0.1:8082";

    public WorkerConfig {
        if (serviceToken == null || serviceToken.isBlank()) {
            throw new IllegalArgumentException(SERVICE_TOKEN
                    + " is not set: the worker needs the gateway's service token to call its internal API");
        }
        if (runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException(RUN_TIMEOUT + " must be positive, got " + runTimeout);
        }
        if (maxConcurrentAttempts < 1) {
            throw new IllegalArgumentException(
                    MAX_CONCURRENT_ATTEMPTS + " must be at least 1, got " + maxConcurrentAttempts);
        }
    }

    /** With the default number of concurrent attempts. */
    public WorkerConfig(TemporalConnection temporal, URI gatewayUrl, String serviceToken, Duration runTimeout) {
        this(temporal, gatewayUrl, serviceToken, runTimeout, DEFAULT_MAX_CONCURRENT_ATTEMPTS);
    }

    /** A worker on a plaintext Temporal (the dev server). */
    public WorkerConfig(String temporalAddress, String namespace, URI gatewayUrl, String serviceToken, Duration runTimeout) {
        this(TemporalConnection.plaintext(temporalAddress, namespace), gatewayUrl, serviceToken, runTimeout);
    }

    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        return new WorkerConfig(
                temporal(env),
                gatewayUrl(env.getOrDefault(GATEWAY_URL, DEFAULT_GATEWAY_URL)),
                env.get(SERVICE_TOKEN),
                runTimeout(env.getOrDefault(RUN_TIMEOUT, "PT10M")),
                maxConcurrentAttempts(env.get(MAX_CONCURRENT_ATTEMPTS)));
    }

    /** A copy that runs at most {@code attempts} attempts at once. */
    public WorkerConfig withMaxConcurrentAttempts(int attempts) {
        return new WorkerConfig(temporal, gatewayUrl, serviceToken, runTimeout, attempts);
    }

    public String temporalAddress() {
        return temporal.address();
    }

    public String namespace() {
        return temporal.namespace();
    }

    private static TemporalConnection temporal(Map<String, String> env) {
        TemporalTls tls;
        try {
            tls = new TemporalTls(flag(env, TEMPORAL_TLS), path(env, TEMPORAL_TLS_CA), path(env, TEMPORAL_TLS_CERT),
                    path(env, TEMPORAL_TLS_KEY), env.get(TEMPORAL_TLS_SERVER_NAME));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TEMPORAL_TLS_CERT + ", " + TEMPORAL_TLS_KEY + ": " + e.getMessage(), e);
        }
        return new TemporalConnection(env.getOrDefault(TEMPORAL_ADDRESS, "127.0.0.1:7233"),
                env.getOrDefault(TEMPORAL_NAMESPACE, "default"), tls, env.get(TEMPORAL_API_KEY));
    }

    private static Boolean flag(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    private static Path path(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    private static URI gatewayUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException malformed) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException(GATEWAY_URL + " must be an http(s) URL, got '" + value + "'");
    }

    private static int maxConcurrentAttempts(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_CONCURRENT_ATTEMPTS;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_CONCURRENT_ATTEMPTS + " must be a whole number, got '" + value + "'");
        }
    }

    private static Duration runTimeout(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(RUN_TIMEOUT + " must be an ISO-8601 duration like PT10M, got '" + value + "'");
        }
    }

    /** The record's generated toString would print the token (and the connection's API key) into logs. */
    @Override
    public String toString() {
        return "WorkerConfig[temporal=" + temporal + ", gatewayUrl=" + gatewayUrl + ", serviceToken=***, runTimeout="
                + runTimeout + ", maxConcurrentAttempts=" + maxConcurrentAttempts + "]";
    }
}
