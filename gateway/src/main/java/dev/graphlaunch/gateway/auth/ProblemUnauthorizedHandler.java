package dev.graphlaunch.gateway.auth;

import dev.graphlaunch.gateway.errors.Problem;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.Response;

/** 401 as problem+json, with the challenge clients need to know which scheme to use. */
public class ProblemUnauthorizedHandler implements UnauthorizedHandler {
    @Override
    public Response buildResponse(String prefix, String realm) {
        return Problem.of(401, "unauthorized", "Unauthorized",
                        "Send a valid, unrevoked API key as 'Authorization: Bearer <key>'.")
                .toResponse()
                .header("WWW-Authenticate", prefix + " realm=\"" + realm + "\"")
                .build();
    }
}
