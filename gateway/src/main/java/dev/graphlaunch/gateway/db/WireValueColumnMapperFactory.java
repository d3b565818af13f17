package dev.graphlaunch.gateway.db;

import dev.graphlaunch.contracts.runs.WireValue;
import java.lang.reflect.Type;
import java.util.Optional;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;

/** Reads a status, kind, source or code from its wire name; an unknown name is a bug, and fails loudly. */
public class WireValueColumnMapperFactory implements ColumnMapperFactory {

    @Override
    public Optional<ColumnMapper<?>> build(Type type, ConfigRegistry config) {
        Class<?> erased = GenericTypes.getErasedType(type);
        if (!erased.isEnum() || !WireValue.class.isAssignableFrom(erased)) {
            return Optional.empty();
        }
        return Optional.of((rs, column, ctx) -> {
            String wire = rs.getString(column);
            return wire == null ? null : parse(erased, wire);
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Class<?> type, String wire) {
        return WireValue.parse((Class) type, wire);
    }
}
