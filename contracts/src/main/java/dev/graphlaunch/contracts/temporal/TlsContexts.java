package dev.graphlaunch.contracts.temporal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The client TLS context for Temporal. Not the SDK's {@code SimpleSslContextBuilder}: it reads the
 * client certificate once from streams, and certificates rotated on disk (cert-manager, Vault)
 * would only be picked up by a restart. {@link ReloadingKeyManager} picks them up at the next handshake.
 */
final class TlsContexts {
    private TlsContexts() {}

    static SslContext forClient(TemporalTls tls) {
        SslContextBuilder builder = GrpcSslContexts.forClient();
        if (tls.caFile() != null) {
            builder.trustManager(readable(tls.caFile(), "CA certificate").toFile());
        }
        if (tls.mutual()) {
            builder.keyManager(new ReloadingKeyManager(readable(tls.certFile(), "client certificate"),
                    readable(tls.keyFile(), "client key")));
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS files for Temporal (CA " + tls.caFile() + "): "
                    + e.getMessage(), e);
        }
    }

    static Path readable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the Temporal " + what + " file " + file + " does not exist or cannot be read");
        }
        return file;
    }
}
