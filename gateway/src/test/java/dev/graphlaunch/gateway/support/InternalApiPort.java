package dev.graphlaunch.gateway.support;

import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.gateway.internal.InternalConnector;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.util.Arrays;
import org.eclipse.jetty.server.ServerConnector;

/** Where a test gateway serves its internal API: its own connector, on a port picked at start. */
public final class InternalApiPort {
    private InternalApiPort() {}

    public static int of(DropwizardAppExtension<?> app) {
        return Arrays.stream(app.getEnvironment().getApplicationContext().getServer().getConnectors())
                .filter(connector -> InternalConnector.NAME.equals(connector.getName()))
                .map(connector -> ((ServerConnector) connector).getLocalPort())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the gateway has no internal connector"));
    }

    public static HttpJson client(DropwizardAppExtension<?> app) {
        return new HttpJson(URI.create("http://127.0.0.1:" + of(app)));
    }
}
