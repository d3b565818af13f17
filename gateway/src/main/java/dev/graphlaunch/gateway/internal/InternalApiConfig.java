package dev.graphlaunch.gateway.internal;

import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code internalApi}: the connector that serves {@code /api/internal/*}, and nothing else. The
 * public connectors never serve it, so a load balancer cannot expose it by mistake.
 *
 * @param bindHost the address to listen on; loopback by default, a private interface in production
 * @param port 0 picks a free port (tests)
 */
public record InternalApiConfig(String bindHost, @Min(0) @Max(65535) Integer port) {
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8082;

    public InternalApiConfig {
        bindHost = bindHost == null || bindHost.isBlank() ? DEFAULT_BIND_HOST : bindHost;
        port = port == null ? DEFAULT_PORT : port;
    }

    public static InternalApiConfig defaults() {
        return new InternalApiConfig(null, null);
    }

    HttpConnectorFactory connectorFactory() {
        HttpConnectorFactory http = new HttpConnectorFactory();
        http.setBindHost(bindHost);
        http.setPort(port);
        return http;
    }
}
