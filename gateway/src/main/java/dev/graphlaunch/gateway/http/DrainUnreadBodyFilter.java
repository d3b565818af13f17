package dev.graphlaunch.gateway.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Reads what is left of a request body the gateway answered without reading (a 401 from the auth
 * filter, a 403 or 404 before the body mattered). Left unread, the server closes the connection
 * after the answer, and a client that reuses its pooled connection for the next request fails with
 * an I/O error instead of getting an answer. Bodies are bounded by {@link BodySizeLimitFilter}, so
 * this reads at most the configured limit; a body over it was already refused and is not drained,
 * nor is a body on a path that bounds its own (the webhook).
 */
public class DrainUnreadBodyFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 413
                && request.getProperty(BodySizeLimitFilter.BOUNDED) instanceof BodySizeLimitFilter.LimitedInputStream body) {
            body.drainQuietly();
        }
    }
}
