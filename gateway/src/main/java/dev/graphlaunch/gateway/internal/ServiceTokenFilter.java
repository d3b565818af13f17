package dev.graphlaunch.gateway.internal;

import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.gateway.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the worker's service token in constant time, so timing reveals nothing about it. */
@InternalApiAuth
@Priority(Priorities.AUTHENTICATION)
public class ServiceTokenFilter implements ContainerRequestFilter {
    private final byte[] expected;

    public ServiceTokenFilter(String serviceToken) {
        this.expected = serviceToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String presented = request.getHeaderString(InternalApi.SERVICE_TOKEN_HEADER);
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Problem.of(401, "unauthorized", "Unauthorized",
                    "The internal API needs the service token in " + InternalApi.SERVICE_TOKEN_HEADER + ".")
                    .toResponse().build());
        }
    }
}
