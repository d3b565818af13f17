package dev.graphlaunch.gateway.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The public API's OpenAPI 3.1 document, without authentication. It is written by hand
 * ({@code openapi/openapi.yaml}) and kept true to the resources by {@code OpenApiSpecTest} and the
 * schemathesis system test; the internal API is deliberately not in it.
 */
@Path("/")
public class OpenApiResource {
    public static final String SPEC = "/openapi/openapi.yaml";

    private final String yaml;
    private final String json;

    public OpenApiResource() {
        this.yaml = load();
        try {
            this.json = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new IllegalStateException(SPEC + " is not valid YAML", e);
        }
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String json() {
        return json;
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public String yaml() {
        return yaml;
    }

    private static String load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
