package dev.graphlaunch.gateway.internal;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The internal API's own Jetty connector, added beside the public application connectors. It
 * remembers what it built, and its servlet filter marks each request that came in through it, so
 * {@link InternalPortFilter} can tell the connectors apart: by identity, not by port number, which
 * two connectors on different interfaces may share.
 */
public final class InternalConnector implements ConnectorFactory {
    public static final String NAME = "internal";
    /** The request attribute {@link #marker()} sets: {@code true} when the request came through this connector. */
    static final String RECEIVED = InternalConnector.class.getName() + ".received";

    private final ConnectorFactory delegate;
    private volatile Connector built;

    private InternalConnector(ConnectorFactory delegate) {
        this.delegate = delegate;
    }

    /** Must run before the server is built, i.e. in {@code Application.run}. */
    public static InternalConnector addTo(ServerFactory serverFactory, InternalApiConfig config) {
        if (!(serverFactory instanceof DefaultServerFactory server)) {
            throw new IllegalStateException("internalApi needs the default server factory (server.type: default),"
                    + " which has separate application connectors");
        }
        InternalConnector connector = new InternalConnector(config.connectorFactory());
        List<ConnectorFactory> connectors = new ArrayList<>(server.getApplicationConnectors());
        connectors.add(connector);
        server.setApplicationConnectors(connectors);
        return connector;
    }

    @Override
    public Connector build(Server server, MetricRegistry metrics, String name, ThreadPool threadPool) {
        built = delegate.build(server, metrics, NAME, threadPool);
        return built;
    }

    /**
     * Sets {@link #RECEIVED} on requests of this connector. A servlet filter, because only the real
     * Jetty request (not Jersey's injected proxy of it) knows its connector.
     */
    public Filter marker() {
        return (request, response, chain) -> {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            boolean internal = jetty != null && built != null && jetty.getConnectionMetaData().getConnector() == built;
            request.setAttribute(RECEIVED, internal);
            chain.doFilter(request, response);
        };
    }
}
