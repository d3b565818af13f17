package dev.graphlaunch.gateway.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.postgresql.util.PGobject;

/** Binds a {@link JsonNode} as a PostgreSQL {@code jsonb} value, and JSON null as SQL NULL. */
public class JsonbArgumentFactory extends AbstractArgumentFactory<JsonNode> {
    private final ObjectMapper mapper;

    public JsonbArgumentFactory(ObjectMapper mapper) {
        super(Types.OTHER);
        this.mapper = mapper;
    }

    @Override
    protected Argument build(JsonNode value, ConfigRegistry config) {
        if (value.isNull()) {
            // A JSON null from a client or the worker means "no value": store SQL NULL, not jsonb 'null'.
            return (position, statement, ctx) -> statement.setNull(position, Types.OTHER);
        }
        return (position, statement, ctx) -> statement.setObject(position, jsonb(value));
    }

    private PGobject jsonb(JsonNode value) throws java.sql.SQLException {
        PGobject object = new PGobject();
        object.setType("jsonb");
        try {
            object.setValue(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON", e);
        }
        return object;
    }
}
