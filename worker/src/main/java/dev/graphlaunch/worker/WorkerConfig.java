package dev.graphlaunch.worker;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the worker needs to run, read from the environment so the same jar runs anywhere.
 *
 * @param runTimeout the longest one execution attempt may take
 */
public record WorkerConfig(
        String temporalAddress, String namespace, URI gatewayUrl, String serviceToken, Duration runTimeout) {

    public static final String TEMPORAL_ADDRESS = "TEMPORAL_ADDRESS";
    public static final String TEMPORAL_NAMESPACE = "TEMPORAL_NAMESPACE";
    public static final String GATEWAY_URL = "GRAPHLAUNCH_GATEWAY_URL";
    public static final String SERVICE_TOKEN = "GRAPHLAUNCH_SERVICE_TOKEN";
    public static final String RUN_TIMEOUT = "GRAPHLAUNCH_RUN_TIMEOUT";
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
    }

    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        return new WorkerConfig(
                env.getOrDefault(TEMPORAL_ADDRESS, "127.0.0.1:7233"),
                env.getOrDefault(TEMPORAL_NAMESPACE, "default"),
                gatewayUrl(env.getOrDefault(GATEWAY_URL, DEFAULT_GATEWAY_URL)),
                env.get(SERVICE_TOKEN),
                runTimeout(env.getOrDefault(RUN_TIMEOUT, "PT10M")));
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

    private static Duration runTimeout(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(RUN_TIMEOUT + " must be an ISO-8601 duration like PT10M, got '" + value + "'");
        }
    }

    /** The record's generated toString would print the token into logs. */
    @Override
    public String toString() {
        return "WorkerConfig[temporalAddress=" + temporalAddress + ", namespace=" + namespace + ", gatewayUrl="
                + gatewayUrl + ", serviceToken=***, runTimeout=" + runTimeout + "]";
    }
}
