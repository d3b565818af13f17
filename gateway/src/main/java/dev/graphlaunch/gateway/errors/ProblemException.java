package dev.graphlaunch.gateway.errors;

import java.util.Map;

/**
 * A failure a client should see as an RFC 9457 problem. Subclasses name one situation each; the
 * message is the problem's {@code detail} and must never carry SQL, stack traces or secrets.
 */
public abstract class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;

    protected ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Response headers that go with the problem, e.g. Retry-After. */
    public Map<String, String> headers() {
        return Map.of();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Expected outcomes, not bugs: a stack trace per rejected request is only noise.
        return this;
    }
}
