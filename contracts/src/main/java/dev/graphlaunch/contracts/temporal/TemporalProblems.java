package dev.graphlaunch.contracts.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns a failed call to Temporal into one sentence an operator can act on, when the failure is a
 * misconfiguration that retrying will not cure: TLS that does not agree, credentials refused.
 * Anything else (Temporal down, slow) is not a configuration problem and gets no sentence.
 */
public final class TemporalProblems {
    private TemporalProblems() {}

    public static Optional<String> configurationProblem(TemporalConnection connection, Throwable failure) {
        String where = "Temporal at " + connection.describe();
        // The TLS exception sits below gRPC's UNAVAILABLE, and says more: look for it first.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                String detail = innermostMessage(tls);
                return Optional.of("TLS handshake with " + where + " failed: " + detail + hint(allMessages(tls)));
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getSimpleName().equals("NotSslRecordException")) {
                return Optional.of(where + " did not answer in TLS: is it a plaintext endpoint? Turn TLS off or use"
                        + " its TLS port.");
            }
            if (cause instanceof StatusRuntimeException grpc) {
                Status.Code code = grpc.getStatus().getCode();
                if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                    return Optional.of(where + " refused our credentials (" + code + ": " + grpc.getStatus().getDescription()
                            + "). Check the API key or client certificate, and that it may use this namespace.");
                }
                if (connection.usesTls() && code == Status.Code.UNAVAILABLE && closedDuringHandshake(grpc)) {
                    return Optional.of("TLS with " + where + " failed: the server closed the connection during the"
                            + " handshake. It may require a client certificate (mutual TLS) that was not sent.");
                }
            }
        }
        return Optional.empty();
    }

    /** OpenSSL's engine says "General OpenSslEngine problem"; the certificate check below it says what. */
    private static String innermostMessage(Throwable tls) {
        String message = tls.getMessage();
        for (Throwable cause = tls.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        String oneLine = String.valueOf(message).replaceAll("\\s+", " ").strip();
        return oneLine.length() > 240 ? oneLine.substring(0, 240) + "…" : oneLine;
    }

    private static String allMessages(Throwable tls) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = tls; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append(' ');
        }
        return messages.toString();
    }

    private static boolean closedDuringHandshake(StatusRuntimeException grpc) {
        String description = String.valueOf(grpc.getStatus().getDescription()).toLowerCase(Locale.ROOT);
        return description.contains("ssl") || description.contains("handshake");
    }

    private static String hint(String message) {
        String text = String.valueOf(message).toLowerCase(Locale.ROOT);
        if (text.contains("certificate_required") || text.contains("bad_certificate")
                || text.contains("handshake_failure") && !text.contains("path")) {
            return ". The server wants a client certificate it accepts (mutual TLS: certificate and key files).";
        }
        if (text.contains("pkix") || text.contains("certification path") || text.contains("unknown_ca")
                || text.contains("trust")) {
            return ". The server's certificate is not signed by a CA we trust: check the CA file.";
        }
        if (text.contains("subject alternative") || text.contains("hostname") || text.contains("no name matching")) {
            return ". The server's certificate is for another name: set the server name to the one it carries.";
        }
        return ".";
    }
}
