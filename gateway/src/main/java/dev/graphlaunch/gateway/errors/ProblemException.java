package dev.graphlaunch.gateway.errors;

/**
 * A failure a client should see as an RFC 9457 problem. Subclasses name one situation each and
 * say which {@link ProblemType} it is; what that means over HTTP is decided there, not here. The
 * message is the problem's {@code detail} and must never carry SQL, stack traces or secrets.
 */
public abstract class ProblemException extends RuntimeException {
    private final ProblemType problem;

    protected ProblemException(ProblemType problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public ProblemType problem() {
        return problem;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Expected outcomes, not bugs: a stack trace per rejected request is only noise.
        return this;
    }
}
