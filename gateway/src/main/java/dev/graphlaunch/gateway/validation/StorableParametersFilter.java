package dev.graphlaunch.gateway.validation;

import dev.graphlaunch.gateway.errors.InvalidRequestException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses unstorable text in any query or path parameter of any resource before it reaches a
 * query (a NUL in {@code ?graphId=} was a 500 from PostgreSQL), so no resource has to remember to.
 * Runs after authentication: an anonymous caller learns nothing from it.
 */
@Priority(Priorities.AUTHORIZATION)
public class StorableParametersFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        String bad = firstBad("query parameter", uri.getQueryParameters());
        if (bad == null) {
            bad = firstBad("path parameter", uri.getPathParameters());
        }
        if (bad != null) {
            // Mapped like any other refusal; errors/ProblemType decides what it means over HTTP.
            throw new InvalidRequestException("The " + bad + " " + StorableText.RULE + ".");
        }
    }

    private static String firstBad(String kind, MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            boolean badName = !StorableText.isStorable(parameter.getKey());
            if (badName || !parameter.getValue().stream().allMatch(StorableText::isStorable)) {
                return badName ? kind + " name" : kind + " '" + parameter.getKey() + "'";
            }
        }
        return null;
    }
}
