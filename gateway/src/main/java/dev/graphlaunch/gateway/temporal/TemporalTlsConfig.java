package dev.graphlaunch.gateway.temporal;

import dev.graphlaunch.contracts.temporal.TemporalTls;
import java.nio.file.Path;

/**
 * {@code temporal.tls}: paths to PEM files, so the files (mounted secrets) stay out of the YAML.
 * Blank values, as {@code ${VAR:-}} gives for an unset variable, count as absent.
 *
 * @param enabled absent: TLS when a file or an API key is set
 * @param caFile the CA that signs Temporal's certificate; absent: the JVM's trust store
 * @param certFile client certificate for mutual TLS, re-read when it changes on disk
 * @param keyFile its PKCS#8 PEM key
 * @param serverName the name to expect on Temporal's certificate (and send as SNI) when the address differs
 */
public record TemporalTlsConfig(Boolean enabled, String caFile, String certFile, String keyFile, String serverName) {

    public static TemporalTlsConfig none() {
        return new TemporalTlsConfig(null, null, null, null, null);
    }

    TemporalTls toTls() {
        return new TemporalTls(enabled, path(caFile), path(certFile), path(keyFile), serverName);
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }
}
