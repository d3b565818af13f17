package dev.graphlaunch.contracts.temporal;

import java.nio.file.Path;

/**
 * How to secure the connection to Temporal. Every part is optional: TLS with the JVM's trust store
 * (Temporal Cloud with an API key) needs none of them.
 *
 * @param enabled {@code null}: TLS when any file or an API key is set (as Temporal's own clients
 *     decide); {@code true}/{@code false} forces it
 * @param caFile PEM file of the CA(s) that sign the server's certificate; absent, the JVM's trust store
 * @param certFile PEM client certificate (chain) for mutual TLS; re-read when it changes on disk
 * @param keyFile PEM PKCS#8 private key of {@code certFile}
 * @param serverName the name the server's certificate is checked against and sent as SNI, when it
 *     differs from the address's host (an IP address, a private endpoint)
 */
public record TemporalTls(Boolean enabled, Path caFile, Path certFile, Path keyFile, String serverName) {
    public TemporalTls {
        serverName = serverName == null || serverName.isBlank() ? null : serverName;
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate: set both"
                    + " the certificate and the key file, or neither (certificate: " + certFile + ", key: " + keyFile + ")");
        }
        if (Boolean.FALSE.equals(enabled) && (caFile != null || certFile != null)) {
            throw new IllegalArgumentException("TLS is disabled, yet a CA or client certificate file is set");
        }
    }

    public static TemporalTls none() {
        return new TemporalTls(null, null, null, null, null);
    }

    /** Whether the connection uses TLS, given whether an API key is sent. */
    public boolean active(boolean withApiKey) {
        return enabled != null ? enabled : caFile != null || certFile != null || withApiKey;
    }

    public boolean mutual() {
        return certFile != null;
    }
}
