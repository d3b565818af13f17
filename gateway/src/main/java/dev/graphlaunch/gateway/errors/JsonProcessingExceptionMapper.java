package dev.graphlaunch.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/** A request body that is not the JSON we expect: say where, never echo parser internals. */
public class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        var wrapped = ProblemExceptionMapper.wrappedIn(e);
        if (wrapped.isPresent()) {
            return new ProblemExceptionMapper().toResponse(wrapped.get());
        }
        return Problem.of(400, "malformed-body", "Malformed request body", describe(e))
                .toResponse()
                .build();
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "The field '" + field + "' has the wrong type or shape.";
        }
        var location = e.getLocation();
        return location == null
                ? "The body is not valid JSON."
                : "The body is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ").";
    }
}
