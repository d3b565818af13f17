package dev.graphlaunch.gateway.triggers;

/**
 * How one try to start a pending run's workflow ended.
 *
 * @param failure null when Temporal confirmed the start
 * @param reason what went wrong, for the run's error message and the log; null on success
 */
record StartOutcome(PendingStart start, StartFailure failure, String reason) {
    static StartOutcome started(PendingStart start) {
        return new StartOutcome(start, null, null);
    }

    static StartOutcome failed(PendingStart start, Throwable error) {
        return new StartOutcome(start, StartFailure.of(error), abbreviate(describe(error)));
    }

    boolean isStarted() {
        return failure == null;
    }

    /** The gRPC status says more than the SDK's wrapper around it. */
    private static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.grpc.StatusRuntimeException grpc) {
                return grpc.getStatus().getCode() + ": " + grpc.getStatus().getDescription();
            }
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return "workflow input unreadable: " + json.getOriginalMessage();
            }
        }
        StringBuilder chain = new StringBuilder(error.toString());
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            chain.append(", caused by ").append(cause);
        }
        return chain.toString();
    }

    private static String abbreviate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500);
    }
}
