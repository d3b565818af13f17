package dev.graphlaunch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlaunch.gateway.GatewayApplication;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml against the Jersey resources themselves: every public resource method is an
 * operation of the document and every operation is a resource method, each with the statuses
 * every operation can meet. Fast: reflection and a YAML file, no server.
 */
class OpenApiSpecTest {
    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);
    private static final JsonNode SPEC = OpenApiSpec.document();

    /** "GET /api/v1/runs/{runId}" → the media types its resource methods produce. */
    private static Map<String, Set<String>> codeOperations() {
        Map<String, Set<String>> operations = new TreeMap<>();
        for (Class<?> resource : gatewayClasses()) {
            if (!resource.isAnnotationPresent(Path.class) || notInTheDocument(resource)) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                for (Class<? extends Annotation> http : HTTP_METHODS) {
                    if (method.isAnnotationPresent(http)) {
                        String path = join(resource.getAnnotation(Path.class).value(),
                                method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "");
                        operations.computeIfAbsent(http.getSimpleName() + " " + path, key -> new TreeSet<>())
                                .addAll(produces(resource, method));
                    }
                }
            }
        }
        return operations;
    }

    /**
     * The internal API is the worker's, on its own port, and must not be routed publicly. The
     * console is static files for a browser (HTML, CSS, JS), not an API: it calls the public
     * operations documented here, and a client generated from this document has no use for it.
     */
    private static boolean notInTheDocument(Class<?> resource) {
        return resource.getPackageName().contains(".internal") || resource.getPackageName().endsWith(".console");
    }

    /** Every class of the gateway's main code, read from where GatewayApplication was loaded. */
    private static List<Class<?>> gatewayClasses() {
        try {
            java.nio.file.Path root = java.nio.file.Path.of(
                    GatewayApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<java.nio.file.Path> files = Files.walk(root)) {
                List<Class<?>> classes = new ArrayList<>();
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                    classes.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
                            OpenApiSpecTest.class.getClassLoader()));
                }
                return classes;
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the gateway's classes", e);
        }
    }

    private static String join(String classPath, String methodPath) {
        String path = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        // A template with a regular expression ({id: [0-9]+}) is the same parameter to OpenAPI.
        return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}", "{$1}");
    }

    private static List<String> produces(Class<?> resource, Method method) {
        Produces produces = method.isAnnotationPresent(Produces.class)
                ? method.getAnnotation(Produces.class) : resource.getAnnotation(Produces.class);
        List<String> types = new ArrayList<>();
        if (produces != null) {
            for (String value : produces.value()) {
                types.add(value.split(";")[0].trim());
            }
        }
        return types;
    }

    private static Set<String> specOperations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = SPEC.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.stream().anyMatch(http -> http.getSimpleName().equalsIgnoreCase(method))) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    private static JsonNode operation(String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        return SPEC.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
    }

    @Test
    void documentIsOpenApi31() {
        assertThat(SPEC.path("openapi").asText()).startsWith("3.1.");
        assertThat(SPEC.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void everyPublicResourceMethodIsDocumentedAndNothingElse() {
        Set<String> inCode = codeOperations().keySet();
        assertThat(inCode).as("resource methods found").contains("POST /api/v1/ai/chat", "GET /api/v1/runs/{runId}");
        assertThat(specOperations())
                .as("operations of openapi.yaml; add a missing one there, or remove one the code no longer has")
                .containsExactlyInAnyOrderElementsOf(inCode);
    }

    @Test
    void theInternalApiIsNotInTheDocument() {
        assertThat(specOperations()).noneMatch(operation -> operation.contains("/api/internal"));
    }

    @Test
    void theConsoleIsNotInTheDocumentButIsServed() {
        assertThat(specOperations()).noneMatch(operation -> operation.contains("/console"));
        assertThat(gatewayClasses()).as("the console resource this test leaves out still exists")
                .anyMatch(resource -> resource.isAnnotationPresent(Path.class)
                        && resource.getAnnotation(Path.class).value().equals("/console"));
    }

    @Test
    void everyMediaTypeAResourceProducesIsTheSuccessAnswersContent() {
        codeOperations().forEach((operation, types) -> {
            JsonNode responses = operation(operation).path("responses");
            Set<String> documented = new TreeSet<>();
            responses.fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("2")) {
                    OpenApiSpec.resolve(response.getValue()).path("content").fieldNames().forEachRemaining(documented::add);
                }
            });
            assertThat(documented).as(operation + " success content types").containsAll(types);
        });
    }

    @Test
    void everyOperationDocumentsTheRefusalsAnyRequestCanMeetAsProblems() {
        for (String operation : codeOperations().keySet()) {
            JsonNode op = operation(operation);
            JsonNode responses = op.path("responses");
            boolean bearer = !op.has("security") || !op.path("security").isEmpty();
            // 400: a bad parameter, or Jetty refusing the URI; 406: an Accept nothing here satisfies.
            List<String> expected = new ArrayList<>(List.of("406"));
            if (operation.startsWith("GET /api") || operation.startsWith("POST") || operation.startsWith("PUT")) {
                expected.add("400");
            }
            if (bearer) {
                expected.addAll(List.of("401", "403", "503"));
            }
            assertThat(responses.fieldNames()).toIterable().as(operation).containsAll(expected);
            responses.fields().forEachRemaining(response -> {
                if (response.getKey().compareTo("400") >= 0) {
                    assertThat(OpenApiSpec.resolve(response.getValue()).path("content").has("application/problem+json"))
                            .as(operation + " " + response.getKey() + " is problem+json").isTrue();
                }
            });
        }
    }
}
