package dev.graphlaunch.gateway.internal;

import dev.graphlaunch.contracts.internal.InternalApi;
import dev.graphlaunch.gateway.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks the worker's service token. Several tokens are accepted at once, so the token can be
 * rotated without downtime (docs/operations.md). Every token is compared, each in constant time
 * over SHA-256 digests, so neither which token matched nor a token's length shows in the timing.
 */
@InternalApiAuth
@Priority(Priorities.AUTHENTICATION)
public class ServiceTokenFilter implements ContainerRequestFilter {
    private final List<byte[]> accepted;

    public ServiceTokenFilter(List<String> serviceTokens) {
        if (serviceTokens.isEmpty()) {
            throw new IllegalArgumentException("at least one service token is needed");
        }
        this.accepted = serviceTokens.stream().map(ServiceTokenFilter::digest).toList();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String presented = request.getHeaderString(InternalApi.SERVICE_TOKEN_HEADER);
        if (!matches(presented)) {
            request.abortWith(Problem.of(401, "unauthorized", "Unauthorized",
                    "The internal API needs the service token in " + InternalApi.SERVICE_TOKEN_HEADER + ".")
                    .toResponse().build());
        }
    }

    private boolean matches(String presented) {
        byte[] candidate = digest(presented == null ? "" : presented);
        boolean match = false;
        for (byte[] token : accepted) {
            match |= MessageDigest.isEqual(token, candidate);
        }
        return match && presented != null;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
