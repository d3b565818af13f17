package dev.graphlaunch.gateway.runs;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * {@code @PathParam("runId") RunId}: never fails, so a malformed id is answered like an unknown one
 * (404 run-not-found quoting it) by the lookup, not as Jersey's own parameter error.
 */
@Provider
public class RunIdParamConverter implements ParamConverter<RunId>, ParamConverterProvider {

    @Override
    public RunId fromString(String value) {
        return RunId.parse(value);
    }

    @Override
    public String toString(RunId value) {
        return value.raw();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == RunId.class ? (ParamConverter<T>) this : null;
    }
}
