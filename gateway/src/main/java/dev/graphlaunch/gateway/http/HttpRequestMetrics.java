package dev.graphlaunch.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * {@code graphlaunch_http_server_requests_seconds{method,route,status}}: one timer per route
 * template, never per raw path (a run id in a label would make one series per run). Requests that
 * matched no resource share the route {@code unmatched}.
 */
public class HttpRequestMetrics implements ApplicationEventListener {
    static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do at the application level
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        long startNanos = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                record(event, System.nanoTime() - startNanos);
            }
        };
    }

    private void record(RequestEvent event, long nanos) {
        int status = event.getContainerResponse() == null ? 500 : event.getContainerResponse().getStatus();
        Timer.builder("graphlaunch.http.server.requests")
                .description("HTTP requests to the gateway's application port, by route template")
                .tag("method", event.getContainerRequest().getMethod())
                .tag("route", route(event.getUriInfo().getMatchedTemplates()))
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Jersey lists the matched templates innermost first. */
    static String route(List<UriTemplate> matched) {
        if (matched.isEmpty()) {
            return UNMATCHED;
        }
        StringBuilder route = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String template = matched.get(i).getTemplate();
            if (template.isEmpty() || template.equals("/")) {
                continue;
            }
            if (route.length() > 0 && route.charAt(route.length() - 1) == '/' && template.startsWith("/")) {
                route.setLength(route.length() - 1);
            } else if (!template.startsWith("/")) {
                route.append('/');
            }
            route.append(template);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
