package dev.graphlaunch.contracts.temporal;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Objects;

/**
 * Where and how gateway and worker reach Temporal: a cluster on plaintext (the dev server), over
 * TLS or mutual TLS, or Temporal Cloud with an API key. Both processes build their service stubs
 * from it, so they connect alike.
 *
 * @param apiKey sent as {@code Authorization: Bearer …} on every call; never printed
 */
public record TemporalConnection(String address, String namespace, TemporalTls tls, String apiKey) {
    public TemporalConnection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(namespace, "namespace");
        tls = tls == null ? TemporalTls.none() : tls;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    public static TemporalConnection plaintext(String address, String namespace) {
        return new TemporalConnection(address, namespace, TemporalTls.none(), null);
    }

    public boolean usesTls() {
        return tls.active(apiKey != null);
    }

    /**
     * Target, TLS and credentials on a stubs builder; the caller adds timeouts and builds. The
     * returned options hold key material read now, and re-read when the files change.
     */
    public WorkflowServiceStubsOptions.Builder configure(WorkflowServiceStubsOptions.Builder builder) {
        builder.setTarget(address).setEnableHttps(usesTls());
        if (usesTls()) {
            builder.setSslContext(TlsContexts.forClient(tls));
            if (tls.serverName() != null) {
                String serverName = tls.serverName();
                builder.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
            }
        }
        if (apiKey != null) {
            String key = apiKey;
            builder.addApiKey(() -> key);
        }
        return builder;
    }

    /** For logs and start-up messages: where, and how, never the key. */
    public String describe() {
        String security = !usesTls() ? "plaintext" : tls.mutual() ? "mutual TLS" : "TLS";
        return address + " (namespace " + namespace + ", " + security + (apiKey != null ? ", API key" : "") + ")";
    }

    /** The record's generated toString would print the API key into logs. */
    @Override
    public String toString() {
        return "TemporalConnection[address=" + address + ", namespace=" + namespace + ", tls=" + tls + ", apiKey="
                + (apiKey == null ? "none" : "***") + "]";
    }
}
