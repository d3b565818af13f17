package dev.graphlaunch.gateway.http;

import dev.graphlaunch.gateway.auth.ApiPrincipal;
import dev.graphlaunch.gateway.logging.LogContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Puts what the request itself names into the log context: the {@code runId} path parameter, the
 * {@code workflowId} query parameter, GitHub's delivery id and the caller's tenant. Runs after
 * authentication, so the tenant is the authenticated one. Never the body, never a credential.
 */
@Priority(Priorities.AUTHORIZATION)
public class RequestLogContextFilter implements ContainerRequestFilter {
    static final String GITHUB_DELIVERY = "X-GitHub-Delivery";

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        LogContext.put(LogContext.RUN_ID, path.getFirst("runId"));
        LogContext.put(LogContext.WORKFLOW_ID, request.getUriInfo().getQueryParameters().getFirst("workflowId"));
        LogContext.put(LogContext.DELIVERY_ID, abbreviate(request.getHeaderString(GITHUB_DELIVERY)));
        if (request.getSecurityContext() != null
                && request.getSecurityContext().getUserPrincipal() instanceof ApiPrincipal principal) {
            LogContext.put(LogContext.TENANT_ID, principal.tenantId());
        }
    }

    /** The header is the sender's text: keep a hostile one from flooding every log line. */
    private static String abbreviate(String value) {
        return value == null || value.length() <= 100 ? value : value.substring(0, 100);
    }
}
