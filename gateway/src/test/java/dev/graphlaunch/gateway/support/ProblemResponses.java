package dev.graphlaunch.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.gateway.errors.Problem;
import jakarta.ws.rs.core.Response;

/** What a client of the gateway sees when it is refused: a status and an RFC 9457 body. */
public final class ProblemResponses {
    private ProblemResponses() {}

    /** Asserts the response is a problem+json of {@code status} and returns its body. */
    public static Problem problem(Response response, int status) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        Problem problem = response.readEntity(Problem.class);
        assertThat(problem.status()).isEqualTo(status);
        return problem;
    }

    /** Asserts a 400 invalid-request problem and returns its detail, the message the client reads. */
    public static String invalidRequest(Response response) {
        Problem problem = problem(response, 400);
        assertThat(problem.type()).isEqualTo("/problems/invalid-request");
        return problem.detail();
    }
}
