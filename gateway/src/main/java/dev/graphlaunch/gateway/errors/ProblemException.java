package dev.graphlaunch.gateway.errors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure a client should see as an RFC 9457 problem. Subclasses name one situation each and
 * say which {@link ProblemType} it is; what that means over HTTP is decided there, not here. The
 * message is the problem's {@code detail} and must never carry SQL, stack traces or secrets.
 */
public abstract class ProblemException extends RuntimeException {
    private final ProblemType problem;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    protected ProblemException(ProblemType problem, String detail) {
        this(problem, detail, null);
    }

    /**
     * @param retryAfter when the same request is welcome again, where that depends on the refusal
     *     (a configured wait) rather than on the problem type alone; the mapper sends it as Retry-After
     */
    protected ProblemException(ProblemType problem, String detail, Duration retryAfter) {
        this(problem, detail, retryAfter, Map.of());
    }

    /**
     * @param headers further response headers that describe this refusal, not the problem type
     *     (the rate limiter's {@code RateLimit} fields)
     */
    protected ProblemException(ProblemType problem, String detail, Duration retryAfter, Map<String, String> headers) {
        super(detail);
        this.problem = problem;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    public ProblemType problem() {
        return problem;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Expected outcomes, not bugs: a stack trace per rejected request is only noise.
        return this;
    }
}
