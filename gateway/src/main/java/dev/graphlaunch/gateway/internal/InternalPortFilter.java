package dev.graphlaunch.gateway.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Keeps the internal API and the public API on their own connectors. Before any route is matched
 * or any credential looked at, a request for the other side's paths gets exactly the 404 of an
 * unknown path: the public port does not reveal that an internal API exists, not even a 405 or a
 * 401, and a valid service token changes nothing there.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class InternalPortFilter implements ContainerRequestFilter {
    private static final String PREFIX = "api/internal";

    @Override
    public void filter(ContainerRequestContext request) {
        boolean internalPath = isInternalPath(request.getUriInfo().getPath());
        // Set by InternalConnector's servlet filter; absent (a request it did not see) counts as public.
        boolean onInternalConnector = Boolean.TRUE.equals(request.getProperty(InternalConnector.RECEIVED));
        if (internalPath != onInternalConnector) {
            throw new NotFoundException();
        }
    }

    /** The decoded path, as Jersey matches routes against it. */
    static boolean isInternalPath(String path) {
        String relative = path.replaceFirst("^/+", "");
        return relative.equals(PREFIX) || relative.startsWith(PREFIX + "/");
    }
}
