package dev.graphlaunch.gateway.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {
    @Override
    public Response toResponse(ProblemException e) {
        Response.ResponseBuilder response =
                Problem.of(e.status(), e.type(), e.title(), e.getMessage()).toResponse();
        e.headers().forEach(response::header);
        return response.build();
    }
}
