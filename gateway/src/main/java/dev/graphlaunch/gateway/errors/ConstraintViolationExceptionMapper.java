package dev.graphlaunch.gateway.errors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(ConstraintViolationExceptionMapper::describe)
                .sorted()
                .toList();
        // The same problem an InvalidRequestException is, with each violation listed as well.
        ProblemType type = ProblemType.INVALID_REQUEST;
        Problem problem = Problem.of(type.status(), type.type(), type.title(), String.join("; ", errors));
        return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), errors)
                .toResponse().build();
    }

    private static String describe(ConstraintViolation<?> violation) {
        return field(violation.getPropertyPath()) + " " + violation.getMessage();
    }

    /**
     * The field as the client wrote it ({@code messages[0].content}), without the resource method
     * and parameter names Jersey's validation puts in front; a bare parameter names itself.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = "";
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.isInIterable()) {
                        field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    // Container elements are named like "<list element>": the index above says it.
                    if (node.getName() != null && !node.getName().startsWith("<")) {
                        field.append(field.isEmpty() ? "" : ".").append(node.getName());
                    }
                }
            }
        }
        return field.isEmpty() ? parameter : field.toString();
    }
}
