package dev.graphlaunch.gateway.errors;

/** The request is malformed in a way the client can fix; the detail says how. */
public class InvalidRequestException extends ProblemException {
    public InvalidRequestException(String detail) {
        super(ProblemType.INVALID_REQUEST, detail);
    }
}
