package dev.graphlaunch.systemtests.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlaunch.contracts.temporal.TemporalConnection;
import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.TemporalDevServer;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.db.Database;
import dev.graphlaunch.worker.GraphWorker;
import dev.graphlaunch.worker.WorkerConfig;
import dev.graphlaunch.worker.metrics.MetricsEndpoint;
import dev.graphlaunch.worker.metrics.WorkerMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The whole system as it runs in production, on one machine: the gateway (real HTTP, fixed port),
 * the worker (in-process, but talking to the gateway only over HTTP), a real Temporal dev server
 * and a real PostgreSQL database of its own. Either process can be stopped and started again.
 */
public final class SystemUnderTest implements AutoCloseable {
    public static final String SERVICE_TOKEN = "system-test-service-token-0123456789";

    private final String temporalAddress;
    private final String dbUrl;
    private final int gatewayPort = TemporalDevServer.freePort();
    private final int internalPort = TemporalDevServer.freePort();
    private List<ConfigOverride> extraOverrides;
    private final Jdbi jdbi;
    private final HttpJson http;
    private DropwizardTestSupport<GatewayConfiguration> gateway;
    private GraphWorker worker;
    private final PrometheusMeterRegistry workerMeters = WorkerMeters.prometheusWithJvm();
    private MetricsEndpoint workerMetrics;
    private WorkflowServiceStubs stubs;

    private SystemUnderTest(String temporalAddress, List<ConfigOverride> extraOverrides) {
        this.temporalAddress = temporalAddress;
        this.extraOverrides = extraOverrides;
        this.dbUrl = EmbeddedDatabase.shared().createDatabase("sut_" + UUID.randomUUID().toString().substring(0, 8));
        this.jdbi = Database.configure(Jdbi.create(dbUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)
                .installPlugin(new SqlObjectPlugin()), new ObjectMapper().findAndRegisterModules());
        this.http = new HttpJson(URI.create("http://127.0.0.1:" + gatewayPort));
    }

    /** Gateway and worker running against the JVM's shared Temporal dev server. */
    public static SystemUnderTest startAll(ConfigOverride... overrides) {
        SystemUnderTest system = new SystemUnderTest(TemporalDevServer.shared().address(), List.of(overrides));
        system.startGateway();
        system.startWorker();
        return system;
    }

    /** Nothing started yet, against a Temporal address the test controls (it may not be up). */
    public static SystemUnderTest against(String temporalAddress, ConfigOverride... overrides) {
        return new SystemUnderTest(temporalAddress, List.of(overrides));
    }

    public void startGateway() {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", dbUrl),
                ConfigOverride.config("temporal.address", temporalAddress),
                ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(gatewayPort)),
                ConfigOverride.config("internalApi.port", String.valueOf(internalPort))));
        overrides.addAll(extraOverrides);
        gateway = new DropwizardTestSupport<>(GatewayApplication.class,
                ResourceHelpers.resourceFilePath("system-gateway.yml"), overrides.toArray(ConfigOverride[]::new));
        try {
            gateway.before();
        } catch (Exception e) {
            stopGateway(); // also takes back the config overrides, which live in system properties meanwhile
            throw new IllegalStateException("gateway did not start", e);
        }
    }

    /** A new gateway process on the same database and ports, configured with these overrides instead. */
    public void restartGateway(ConfigOverride... overrides) {
        stopGateway();
        extraOverrides = List.of(overrides);
        startGateway();
    }

    /** The gateway's database, for commands run against the same system ({@code schedules backfill}). */
    public String databaseUrl() {
        return dbUrl;
    }

    public String temporalAddress() {
        return temporalAddress;
    }

    public void stopGateway() {
        if (gateway != null) {
            gateway.after();
            gateway = null;
        }
    }

    public void startWorker() {
        startWorker(TemporalConnection.plaintext(temporalAddress, "default"));
    }

    /** The worker connecting as given (TLS, mutual TLS, API key). */
    public void startWorker(TemporalConnection temporal) {
        startWorker(new WorkerConfig(temporal, internalUri(), SERVICE_TOKEN, Duration.ofMinutes(2)));
    }

    /** A worker that runs at most {@code attempts} attempts at once: more runs than that make it saturated. */
    public void startWorkerRunningAtMost(int attempts) {
        startWorker(new WorkerConfig(TemporalConnection.plaintext(temporalAddress, "default"), internalUri(),
                SERVICE_TOKEN, Duration.ofMinutes(2), attempts));
    }

    private void startWorker(WorkerConfig config) {
        worker = GraphWorker.start(config, WorkerMeters.temporalScope(workerMeters));
        if (workerMetrics == null) {
            workerMetrics = MetricsEndpoint.start(workerMeters, "127.0.0.1", 0);
        }
    }

    public void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    /** As a SIGKILL would: in-flight activities are abandoned, Temporal finds out by heartbeat timeout. */
    public void killWorker() {
        if (worker != null) {
            worker.kill();
            worker = null;
        }
    }

    /** The worker's /metrics, as WorkerMain serves it. */
    public URI workerMetrics() {
        return URI.create("http://127.0.0.1:" + workerMetrics.port() + "/metrics");
    }

    /** The gateway's admin /metrics. */
    public URI gatewayMetrics() {
        return URI.create("http://127.0.0.1:" + gateway.getAdminPort() + "/metrics");
    }

    public HttpJson http() {
        return http;
    }

    /** The gateway's address for clients other than {@link #http()} (streams). */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort).resolve(path);
    }

    /** The gateway's internal API, the worker's only way in; the public port does not serve it. */
    public URI internalUri() {
        return URI.create("http://127.0.0.1:" + internalPort);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public String issueKey(String tenant, String principal, String... scopes) {
        return new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue(tenant, principal, List.of(scopes), "system test").key();
    }

    public void revokeKey(String key) {
        ApiKeys keys = new ApiKeys(jdbi.onDemand(ApiKeyDao.class));
        keys.revoke(keys.resolve(key).orElseThrow().keyId());
    }

    /** Polls the run as a client would, until it reaches {@code status}. */
    public JsonNode awaitRun(String runId, String apiKey, String status) {
        String path = "/api/v1/runs/" + runId;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(http.get(path, apiKey).json().path("status").asText()));
        return http.get(path, apiKey).json();
    }

    public long count(String sql, Object... args) {
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    /** Executions Temporal itself knows for this workflow id, open or closed. */
    public List<WorkflowExecutionInfo> executionsOf(String workflowId) {
        return temporalClient().listExecutions("WorkflowId = '" + workflowId + "'")
                .map(metadata -> metadata.getWorkflowExecutionInfo())
                .toList();
    }

    public WorkflowClient temporalClient() {
        if (stubs == null) {
            stubs = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        }
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }

    @Override
    public void close() {
        stopWorker();
        if (workerMetrics != null) {
            workerMetrics.close();
        }
        stopGateway();
        if (stubs != null) {
            stubs.shutdown();
        }
    }
}
