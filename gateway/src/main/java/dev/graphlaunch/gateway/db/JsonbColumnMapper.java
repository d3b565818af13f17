package dev.graphlaunch.gateway.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

public class JsonbColumnMapper implements ColumnMapper<JsonNode> {
    private final ObjectMapper mapper;

    public JsonbColumnMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public JsonNode map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " holds invalid JSON", e);
        }
    }
}
