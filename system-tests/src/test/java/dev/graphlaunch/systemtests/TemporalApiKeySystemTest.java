package dev.graphlaunch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.contracts.temporal.TemporalTls;
import dev.graphlaunch.devstack.TestCertificates;
import dev.graphlaunch.devstack.TestCertificates.Identity;
import dev.graphlaunch.systemtests.support.SystemUnderTest;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal Cloud's API-key authentication, seen from the server: a stand-in Temporal frontend
 * (real gRPC over TLS, as Temporal Cloud speaks it) records the {@code authorization} metadata of
 * every call. The dev server ignores that header, so only a server of our own can see it.
 */
class TemporalApiKeySystemTest {
    private static final String API_KEY = "tmprl-test-api-key-" + System.nanoTime();
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static TestCertificates ca;
    private static Server frontend;

    @BeforeAll
    static void standInFrontend() throws IOException {
        Path dir = Files.createTempDirectory("temporal-api-key");
        ca = TestCertificates.authority(dir, "cloud-test-ca");
        Identity server = ca.server("ns.acct.tmprl.test", "ip:127.0.0.1");
        ServerInterceptor recordAuthorization = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
                return next.startCall(call, headers);
            }
        };
        WorkflowServiceGrpc.WorkflowServiceImplBase namespaces = new WorkflowServiceGrpc.WorkflowServiceImplBase() {
            @Override
            public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
                answer.onNext(GetSystemInfoResponse.getDefaultInstance());
                answer.onCompleted();
            }

            @Override
            public void describeNamespace(DescribeNamespaceRequest request,
                    StreamObserver<DescribeNamespaceResponse> answer) {
                answer.onNext(DescribeNamespaceResponse.getDefaultInstance());
                answer.onCompleted();
            }
        };
        frontend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(server.certFile().toFile(), server.keyFile().toFile()).build())
                .addService(ServerInterceptors.intercept(namespaces, recordAuthorization))
                .build()
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        frontend.shutdownNow();
        frontend.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String address() {
        return "127.0.0.1:" + frontend.getPort();
    }

    @Test
    void theWorkersConnectionSendsTheApiKeyAsBearerMetadataOverTls() throws InterruptedException {
        TemporalConnection connection = new TemporalConnection(address(), "ns.acct",
                new TemporalTls(null, ca.caFile(), null, null, null), API_KEY);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                connection.configure(WorkflowServiceStubsOptions.newBuilder()).build());
        try {
            authorizations.clear();
            stubs.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("ns.acct").build());
        } finally {
            stubs.shutdownNow();
            stubs.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(authorizations).contains("Bearer " + API_KEY);
        assertThat(connection.toString()).doesNotContain(API_KEY);
    }

    @Test
    void theGatewaySendsTheConfiguredApiKeyFromItsFirstCall() {
        authorizations.clear();
        try (SystemUnderTest system = SystemUnderTest.against(address(),
                ConfigOverride.config("temporal.namespace", "ns.acct"),
                ConfigOverride.config("temporal.apiKey", API_KEY),
                ConfigOverride.config("temporal.tls.caFile", ca.caFile().toString()))) {
            system.startGateway();

            assertThat(authorizations).isNotEmpty().allMatch(("Bearer " + API_KEY)::equals);
        }
    }
}
