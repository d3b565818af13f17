package dev.graphlaunch.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What Jetty answers by itself, before a request reaches Jersey (an ambiguous path such as
 * {@code /api/v1/runs/..%2F..%2Fadmin}, a malformed header or URI): problem+json like every other
 * refusal, instead of Jetty's HTML page. Installed on the server, for errors found while parsing
 * a request, and on the application's context, for errors found while dispatching it.
 */
public class ProblemErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);

    public static void install(Environment environment) {
        environment.getApplicationContext().setErrorHandler(new ProblemErrorHandler());
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(new ProblemErrorHandler());
                }
            }
        });
    }

    /**
     * Replaces Jetty's whole handling, which serves an HTML page, or no body at all for methods
     * other than GET, POST and HEAD.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String text ? text : null;
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException refused) {
            code = refused.getCode();
            message = refused.getReason();
            response.setStatus(code);
        }
        if (HttpStatus.hasNoBody(code)) {
            callback.succeeded();
            return true;
        }
        generateCacheControl(response);
        response.getHeaders().put(CONTENT_TYPE);
        // Jetty may close the connection after this answer (a body left unread): say so, or a
        // client reuses the dead connection for its next request.
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        return true;
    }

    /** Requests Jetty could not even parse (a NUL in a header, say). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String message) {
        String title = HttpStatus.getMessage(status);
        // Jetty's own words are fine for a refused request; for a failure they may be internals.
        String detail = status >= 500 || message == null || message.isBlank()
                ? "The gateway could not handle the request (" + title + ")."
                : "The request was refused before reaching the API: " + message + ".";
        try {
            return JSON.writeValueAsBytes(Problem.of(status, "http-" + status, title, detail));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
