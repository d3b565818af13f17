package dev.graphlaunch.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlaunch.devstack.EmbeddedDatabase;
import dev.graphlaunch.devstack.HttpJson;
import dev.graphlaunch.devstack.HttpJson.Reply;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiKeyDao;
import dev.graphlaunch.gateway.auth.ApiKeys;
import dev.graphlaunch.gateway.support.TestDatabases;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs recorded before client keys had their own family: the database is migrated up to just
 * before 010-client-key-family, rows are written the old way, then the gateway starts (and
 * migrates the rest) on it. The same header must still find the same run.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientKeyFamilyMigrationIntegrationTest {
    private static final String DB_URL = TestDatabases.fresh("key_migration");
    private static final UUID OLD_CLIENT_RUN = UUID.randomUUID();
    private static final UUID OLD_GENERATED_RUN = UUID.randomUUID();
    private static final UUID LEGACY_RUN = UUID.randomUUID();
    private static final UUID PREFIXED_RUN = UUID.randomUUID();
    private static final UUID SCHEDULED_RUN = UUID.randomUUID();
    private static final String GENERATED_KEY = "api:" + UUID.randomUUID();
    private static final DropwizardAppExtension<GatewayConfiguration> APP = prepareOldDatabaseThenApp();

    private static Jdbi jdbi;
    private static HttpJson http;
    private static String acme;

    private static DropwizardAppExtension<GatewayConfiguration> prepareOldDatabaseThenApp() {
        migrateUpTo("changes/010-client-key-family.xml");
        Jdbi old = TestDatabases.jdbi(DB_URL);
        old.useHandle(handle -> {
            insert(handle, OLD_CLIENT_RUN, "order-1", "order-1", "{\"idempotencyKeySource\":\"header\"}", "api");
            insert(handle, OLD_GENERATED_RUN, GENERATED_KEY, GENERATED_KEY, "{\"idempotencyKeySource\":\"generated\"}", "api");
            insert(handle, LEGACY_RUN, "legacy-key", "legacy-key", "{}", "api");
            // Two old client keys where one is the other with the new family prefix: both must survive.
            insert(handle, PREFIXED_RUN, "client:order-1", "client:order-1", "{\"idempotencyKeySource\":\"header\"}", "api");
            insert(handle, SCHEDULED_RUN, "schedule:nightly:2026-11-28T06:00:00Z",
                    "schedule:nightly-2026-11-28T06:00:00Z", "{}", "temporal_schedule");
        });
        return new DropwizardAppExtension<>(GatewayApplication.class, ResourceHelpers.resourceFilePath("test-gateway.yml"),
                ConfigOverride.config("database.url", DB_URL));
    }

    private static void insert(org.jdbi.v3.core.Handle handle, UUID id, String key, String workflowKey, String metadata,
            String source) {
        handle.createUpdate("""
                insert into graph_runs (id, tenant_id, graph_id, workflow_id, idempotency_key, request_fingerprint,
                  run_kind, trigger_source, trigger_ref, requested_by, trigger_metadata, grant_ref, input, status)
                values (:id, 'acme', 'builtin:echo', :workflowId, :key, :fingerprint, :kind, :source, :key,
                  'app@acme.test', cast(:metadata as jsonb), 'apikey:x', cast(:input as jsonb), 'succeeded')
                """)
                .bind("id", id).bind("workflowId", "graph-run:acme:" + workflowKey).bind("key", key)
                .bind("fingerprint", (String) null).bind("kind", source.equals("api") ? "user_immediate" : "system_scheduled")
                .bind("source", source).bind("metadata", metadata).bind("input", "{\"message\":\"hi\"}")
                .execute();
    }

    @SuppressWarnings("deprecation") // update(count, contexts): the simplest way to stop before one changeset
    private static void migrateUpTo(String include) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(DB_URL);
        source.setUser(EmbeddedDatabase.USER);
        source.setPassword(EmbeddedDatabase.PASSWORD);
        try (Connection connection = source.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new Liquibase(Migrations.CHANGELOG, new ClassLoaderResourceAccessor(), database)
                    .update(changeSetsBefore(include), "");
        } catch (SQLException | LiquibaseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One changeset per included file, as migrations.xml's rule says. */
    private static int changeSetsBefore(String include) {
        try (InputStream in = ClientKeyFamilyMigrationIntegrationTest.class.getClassLoader()
                .getResourceAsStream(Migrations.CHANGELOG)) {
            String changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int tag = changelog.lastIndexOf("<include ", changelog.indexOf("file=\"" + include + "\""));
            String before = changelog.substring(0, tag);
            return before.split("<include ", -1).length - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() {
        jdbi = TestDatabases.jdbi(DB_URL);
        http = new HttpJson(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
        acme = new ApiKeys(jdbi.onDemand(ApiKeyDao.class)).issue("acme", "app@acme.test", List.of("runs:write", "runs:read", "*"), "").key();
    }

    private static String keyOf(UUID run) {
        return jdbi.withHandle(h -> h.createQuery("select idempotency_key from graph_runs where id = :id")
                .bind("id", run).mapTo(String.class).one());
    }

    private static String workflowOf(UUID run) {
        return jdbi.withHandle(h -> h.createQuery("select workflow_id from graph_runs where id = :id")
                .bind("id", run).mapTo(String.class).one());
    }

    @Test
    void oldClientKeysMoveIntoTheClientFamilyAndKeepTheirWorkflowIds() {
        assertThat(keyOf(OLD_CLIENT_RUN)).isEqualTo("client:order-1");
        assertThat(keyOf(LEGACY_RUN)).isEqualTo("client:legacy-key");
        assertThat(keyOf(PREFIXED_RUN)).isEqualTo("client:client:order-1");
        assertThat(keyOf(OLD_GENERATED_RUN)).isEqualTo(GENERATED_KEY);
        assertThat(keyOf(SCHEDULED_RUN)).isEqualTo("schedule:nightly:2026-11-28T06:00:00Z");
        assertThat(workflowOf(OLD_CLIENT_RUN)).isEqualTo("graph-run:acme:order-1");
        assertThat(workflowOf(PREFIXED_RUN)).isEqualTo("graph-run:acme:client:order-1");
    }

    @Test
    void theSameHeaderAsBeforeTheMigrationFindsTheOldRun() {
        // The old rows were written without a fingerprint; give them the one this body has, read from a real request.
        Reply fresh = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", "builtin:echo", "message", "hi"),
                Map.of("Idempotency-Key", "fingerprint-probe-" + UUID.randomUUID()));
        String fingerprint = jdbi.withHandle(h -> h.createQuery("select request_fingerprint from graph_runs where id = cast(:id as uuid)")
                .bind("id", fresh.json().path("runId").asText()).mapTo(String.class).one());
        jdbi.useHandle(h -> h.createUpdate("update graph_runs set request_fingerprint = :f where id in (<ids>)")
                .bind("f", fingerprint).bindList("ids", List.of(OLD_CLIENT_RUN, PREFIXED_RUN, LEGACY_RUN)).execute());

        for (Map.Entry<String, UUID> old : Map.of("order-1", OLD_CLIENT_RUN, "client:order-1", PREFIXED_RUN,
                "legacy-key", LEGACY_RUN).entrySet()) {
            Reply again = http.postJson("/api/v1/ai/chat", acme, Map.of("graphId", "builtin:echo", "message", "hi"),
                    Map.of("Idempotency-Key", old.getKey()));
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.json().path("runId").asText()).isEqualTo(old.getValue().toString());
            assertThat(again.json().path("workflowId").asText()).isEqualTo(workflowOf(old.getValue()));
        }
    }
}
