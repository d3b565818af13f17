package dev.graphlaunch.gateway.temporal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.graphlaunch.contracts.temporal.TemporalConnection;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Connection settings for Temporal, and the client built from them. */
public class TemporalFactory {
    @NotBlank
    @JsonProperty
    private String address = "127.0.0.1:7233";

    @NotBlank
    @JsonProperty
    private String namespace = "default";

    /**
     * How long one call to Temporal may try, retries included. Short, because the outbox already
     * retries starts: a long wait would only hold the relay while Temporal is down.
     */
    @NotNull
    @JsonProperty
    private Duration rpcTimeout = Duration.seconds(5);

    /** TLS or mutual TLS; absent, plaintext unless an API key is set (docs/operations.md, "Temporal Cloud"). */
    @NotNull
    @JsonProperty
    private TemporalTlsConfig tls = TemporalTlsConfig.none();

    /** A Temporal Cloud API key, from the environment ({@code ${TEMPORAL_API_KEY:-}}); blank means none. */
    @JsonProperty
    private String apiKey;

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getNamespace() {
        return namespace;
    }

    /** What to connect to and how; invalid TLS settings (a certificate without its key) fail here. */
    public TemporalConnection connection() {
        return new TemporalConnection(address, namespace, tls.toTls(), apiKey);
    }

    /** The stubs connect lazily, so the gateway starts (and takes triggers) while Temporal is down. */
    public WorkflowServiceStubs buildStubs() {
        return buildStubs(new com.uber.m3.tally.NoopScope());
    }

    /** @param metricsScope where the SDK reports its temporal_* client metrics */
    public WorkflowServiceStubs buildStubs(com.uber.m3.tally.Scope metricsScope) {
        java.time.Duration timeout = rpcTimeout.toJavaDuration();
        return WorkflowServiceStubs.newServiceStubs(connection().configure(WorkflowServiceStubsOptions.newBuilder())
                .setMetricsScope(metricsScope)
                .setRpcTimeout(timeout)
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(timeout).build())
                .build());
    }

    public WorkflowClient buildClient(WorkflowServiceStubs stubs) {
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    }

    public ScheduleClient buildScheduleClient(WorkflowServiceStubs stubs) {
        return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
    }

    /** Stops the start when the connection can never work (TLS, credentials); Temporal merely down does not. */
    public Managed startupCheck(WorkflowServiceStubs stubs) {
        return new TemporalStartupCheck(connection(), stubs, rpcTimeout.toJavaDuration());
    }

    public static Managed closing(WorkflowServiceStubs stubs) {
        return new Managed() {
            @Override
            public void stop() {
                stubs.shutdown();
            }
        };
    }

    /** Never the API key. */
    @Override
    public String toString() {
        return "TemporalFactory[address=" + address + ", namespace=" + namespace + ", rpcTimeout=" + rpcTimeout
                + ", tls=" + tls + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "***") + "]";
    }
}
