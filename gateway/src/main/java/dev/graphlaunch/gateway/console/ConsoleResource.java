package dev.graphlaunch.gateway.console;

import dev.graphlaunch.gateway.errors.ProblemException;
import dev.graphlaunch.gateway.errors.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator console: static files shipped in the jar under {@code console/}, served with a
 * strict Content-Security-Policy. The console holds no secrets and needs no auth to load; every
 * call it makes goes to the public API with the operator's API key as a Bearer token.
 */
@Path("/console")
public class ConsoleResource {
    static final String ROOT = "console/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Only these names, so nothing else on the classpath can be read through this resource. */
    private static final Pattern ASSET = Pattern.compile("(?:[a-z0-9-]+/)?[a-z0-9-]+\\.(?:html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /** {@code /console} and {@code /console/}; the page refers to its files by absolute path. */
    @GET
    public Response index() {
        return asset("index.html");
    }

    @GET
    @Path("/{file: .+}")
    public Response asset(@PathParam("file") String file) {
        if (!ASSET.matcher(file).matches()) {
            throw new ConsoleFileNotFoundException(file);
        }
        byte[] bytes = read(ROOT + file);
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        return secured(Response.ok(bytes, type))
                // Always revalidate: a new gateway version must not run against cached old modules.
                .header("Cache-Control", "no-cache")
                .build();
    }

    static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY");
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConsoleFileNotFoundException(resource.substring(ROOT.length()));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static class ConsoleFileNotFoundException extends ProblemException {
        ConsoleFileNotFoundException(String file) {
            super(ProblemType.NOT_FOUND, "The console has no file '" + file + "'.");
        }
    }
}
