package dev.graphlaunch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.graphlaunch.devstack.HttpJson.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * The OpenAPI document as tests read it, and the check integration tests use on their answers: a
 * status the gateway really sent must be one the document lists for that operation, and an error
 * must be documented as problem+json.
 */
public final class OpenApiSpec {
    private static final JsonNode SPEC = load();

    private OpenApiSpec() {}

    public static JsonNode document() {
        return SPEC;
    }

    /** The operation for a concrete request path ({@code /api/v1/runs/abc}), matched against the templates. */
    public static Optional<JsonNode> operation(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (Iterator<String> templates = SPEC.path("paths").fieldNames(); templates.hasNext(); ) {
            String template = templates.next();
            if (bare.matches(template.replaceAll("\\{[^/]+}", "[^/]+"))) {
                JsonNode operation = SPEC.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
                if (!operation.isMissingNode()) {
                    return Optional.of(operation);
                }
            }
        }
        return Optional.empty();
    }

    /** @return the reply, for chaining into the test's own assertions */
    public static Reply assertDocumented(String method, String path, Reply reply) {
        JsonNode operation = operation(method, path)
                .orElseThrow(() -> new AssertionError(method + " " + path + " is not in the OpenAPI document"));
        JsonNode response = resolve(operation.path("responses").path(String.valueOf(reply.status())));
        assertThat(response.isMissingNode())
                .as("%s %s answered %d, which openapi.yaml does not list for it: %s", method, path, reply.status(), reply.body())
                .isFalse();
        if (reply.status() >= 400) {
            assertThat(response.path("content").has("application/problem+json"))
                    .as("%s %s %d is documented as problem+json", method, path, reply.status()).isTrue();
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        return reply;
    }

    public static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            JsonNode target = SPEC;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(OpenApiResource.SPEC)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
