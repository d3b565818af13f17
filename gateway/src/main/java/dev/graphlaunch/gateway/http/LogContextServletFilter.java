package dev.graphlaunch.gateway.http;

import dev.graphlaunch.gateway.logging.LogContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Outermost on the application port: whatever set the run's log keys while a request was handled
 * (the Jersey filter, a resource, the attempt runner), they are gone once it is answered, so Jetty's
 * pooled thread does not log the next request under this one's run.
 */
public class LogContextServletFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        LogContext.clear();
        try {
            chain.doFilter(request, response);
        } finally {
            LogContext.clear();
        }
    }
}
