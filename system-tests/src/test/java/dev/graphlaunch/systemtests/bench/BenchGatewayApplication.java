package dev.graphlaunch.systemtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.GatewayApplication;
import dev.graphlaunch.gateway.GatewayConfiguration;
import dev.graphlaunch.gateway.auth.ApiPrincipal;
import io.dropwizard.auth.Auth;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The gateway plus one bench-only endpoint, the accept benchmark's baseline: {@code POST /bench/accept}
 * authenticates the API key exactly as the real resources do (same auth filter) and inserts the
 * request body as one row into the same PostgreSQL. It exists only in the benchmark's JVM.
 */
public class BenchGatewayApplication extends GatewayApplication {
    @Override
    public void run(GatewayConfiguration config, Environment environment) {
        super.run(config, environment);
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "bench");
        jdbi.useHandle(handle -> handle.execute("create table if not exists bench_accept ("
                + "id uuid primary key, tenant_id text not null, body jsonb not null,"
                + " created_at timestamptz not null default now())"));
        environment.jersey().register(new BareAccept(jdbi));
    }

    @Path("/bench/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public static final class BareAccept {
        private final Jdbi jdbi;

        BareAccept(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        @POST
        public Response accept(@Auth ApiPrincipal caller, JsonNode body) {
            UUID id = UUID.randomUUID();
            jdbi.useHandle(handle -> handle.createUpdate(
                    "insert into bench_accept (id, tenant_id, body) values (?, ?, cast(? as jsonb))")
                    .bind(0, id).bind(1, caller.tenantId()).bind(2, body.toString()).execute());
            return Response.accepted(Map.of("id", id.toString())).build();
        }
    }
}
